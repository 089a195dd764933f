using System.Diagnostics;

namespace IsdaDsl.Experiments.Cluster;

/// <summary>Runs one of Slurm's client programs (sbatch, squeue), found on PATH like a shell would.</summary>
internal static class SlurmProgram
{
    /// <summary>The executable file named <paramref name="program"/> in a folder of PATH, or null.</summary>
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(file => File.Exists(file) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0));

    /// <summary>Runs <paramref name="executable"/> with <paramref name="arguments"/> and returns its exit code and both streams.</summary>
    public static (int ExitCode, string Output, string Error) Run(string executable, IEnumerable<string> arguments, string? workingFolder = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingFolder ?? "",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        // Both streams read at once, so that a full pipe of one cannot stall the other.
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
