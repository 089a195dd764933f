using System.Globalization;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Runtime.Execution;

namespace IsdaDsl.Experiments.Runs;

/// <summary>`isda` command lines that a person can paste into a shell: a run folder's command.txt, "continue with: …".</summary>
internal static class CommandLine
{
    /// <summary>
    /// `isda COMMAND TARGET --set … --out OUT [--threads T] [--layout L] [--read-every K] [--loader-workers N] [--resume]`,
    /// each word quoted for a POSIX shell where needed; an execution option appears only where it was asked for or
    /// differs from its default.
    /// </summary>
    public static string Of(string command, string target, IEnumerable<SpecOverride> overrides, string outRoot, ExecutionOptions execution, bool resume = false)
    {
        var words = new List<string> { "isda", command, target };
        foreach (var @override in overrides)
            words.AddRange(["--set", @override.ToString()]);
        words.AddRange(["--out", outRoot]);
        if (execution.Threads is { } threads)
            words.AddRange(["--threads", threads.ToString(CultureInfo.InvariantCulture)]);
        if (execution.ChannelsLast != ExecutionOptions.DefaultChannelsLast)
            words.AddRange(["--layout", ExecutionOptions.LayoutName(execution.ChannelsLast)]);
        if (execution.ReadEvery != ExecutionOptions.DefaultReadEvery)
            words.AddRange(["--read-every", execution.ReadEvery.ToString(CultureInfo.InvariantCulture)]);
        if (execution.LoaderWorkers != ExecutionOptions.DefaultLoaderWorkers)
            words.AddRange(["--loader-workers", execution.LoaderWorkers.ToString(CultureInfo.InvariantCulture)]);
        if (resume)
            words.Add("--resume");
        return string.Join(" ", words.Select(Quote));
    }

    /// <summary><paramref name="word"/> as one word of a POSIX shell: as it is where that is safe, in single quotes otherwise.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@+%".Contains(c))
            ? word
            : "'" + word.Replace("'", "'\\''") + "'";
}
