using IsdaDsl.Experiments.Runs;

namespace IsdaDsl.Experiments.Cluster;

/// <summary>How a job on another node starts this same `isda`: absolute paths, since the job's folder and PATH are not ours.</summary>
internal static class IsdaLauncher
{
    /// <summary>The shell words of this program: its own executable, or `dotnet /abs/isda.dll` when started through dotnet (scripts/train.sh does).</summary>
    public static string Command()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of the running isda is unknown, so a job could not start it");
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? $"{CommandLine.Quote(process)} {CommandLine.Quote(typeof(IsdaLauncher).Assembly.Location)}"
            : CommandLine.Quote(process);
    }
}
