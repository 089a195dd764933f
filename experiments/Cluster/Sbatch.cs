using System.Diagnostics;
using System.Text.RegularExpressions;

namespace IsdaDsl.Experiments.Cluster;

/// <summary>Submits a script with Slurm's `sbatch`, found on PATH, and returns the job id it prints.</summary>
internal static partial class Sbatch
{
    public const string Program = "sbatch";

    /// <summary>Runs `sbatch SCRIPT` in <paramref name="folder"/>; a missing sbatch or a rejected job is an error that shows Slurm's words.</summary>
    public static string Submit(string script, string folder)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var sbatch = Find(path) ?? throw new InvalidOperationException($"{Program} not found on PATH: {path} (is this a Slurm login node? scripts/slurm.sh up starts a one-node Slurm here)");
        var start = new ProcessStartInfo(sbatch)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        // Both streams read at once, so that a full pipe of one cannot stall the other.
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Program} rejected the job (exit code {process.ExitCode}): {(error.Result + output).Trim()}");
        return Submitted().Match(output) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"{Program} printed no job id: {(output + error.Result).Trim()}");
    }

    private static string? Find(string path) =>
        path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, Program))
            .FirstOrDefault(file => File.Exists(file) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0));

    [GeneratedRegex(@"Submitted batch job (\d+)")]
    private static partial Regex Submitted();
}
