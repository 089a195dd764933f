namespace IsdaDsl.Tests.Cluster;

/// <summary>A test that needs a running Slurm: skipped, saying why, where Slurm's commands are not on PATH.</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (!OnPath("sinfo"))
            Skip = "no Slurm here (sinfo is not on PATH); scripts/slurm.sh up installs and starts a one-node Slurm";
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, program)));
}
