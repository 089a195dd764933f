using IsdaDsl.Experiments.Cluster;

namespace IsdaDsl.Tests.Cluster;

/// <summary>
/// A test that needs a running Slurm: skipped, saying why, where Slurm's commands are not on PATH, unless
/// <see cref="Required"/> is set (scripts/test.sh sets it after starting Slurm), so that CI cannot skip them unseen.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    /// <summary>The environment variable that makes a missing Slurm a failure.</summary>
    public const string Required = "ISDA_TESTS_NEED_SLURM";

    public SlurmFactAttribute()
    {
        if (SlurmProgram.Find("sinfo") is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Required)))
            Skip = $"no Slurm here (sinfo is not on PATH); scripts/slurm.sh up installs and starts a one-node Slurm (set {Required} to fail instead)";
    }
}
