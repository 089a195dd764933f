using System.Text.RegularExpressions;

namespace IsdaDsl.Experiments.Cluster;

/// <summary>Submits a script with Slurm's `sbatch`, found on PATH, and returns the job id it prints.</summary>
internal static partial class Sbatch
{
    public const string Program = "sbatch";

    /// <summary>Runs `sbatch SCRIPT` in <paramref name="folder"/>; a missing sbatch or a rejected job is an error that shows Slurm's words.</summary>
    public static string Submit(string script, string folder)
    {
        var sbatch = SlurmProgram.Find(Program) ?? throw new InvalidOperationException(
            $"{Program} not found on PATH: {Environment.GetEnvironmentVariable("PATH")} (is this a Slurm login node? scripts/slurm.sh up starts a one-node Slurm here)");
        var (exitCode, output, error) = SlurmProgram.Run(sbatch, [script], folder);
        if (exitCode != 0)
            throw new InvalidOperationException($"{Program} rejected the job (exit code {exitCode}): {(error + output).Trim()}");
        return Submitted().Match(output) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"{Program} printed no job id: {(output + error).Trim()}");
    }

    [GeneratedRegex(@"Submitted batch job (\d+)")]
    private static partial Regex Submitted();
}
