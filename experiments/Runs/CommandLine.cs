using IsdaDsl.Experiments.Specs;

namespace IsdaDsl.Experiments.Runs;

/// <summary>`isda` command lines that a person can paste into a shell: a run folder's command.txt, "continue with: …".</summary>
internal static class CommandLine
{
    /// <summary>`isda COMMAND TARGET --set … --out OUT [--channels-last] [--resume]`, each word quoted for a POSIX shell where needed.</summary>
    public static string Of(string command, string target, IEnumerable<SpecOverride> overrides, string outRoot, bool channelsLast, bool resume = false)
    {
        var words = new List<string> { "isda", command, target };
        foreach (var @override in overrides)
            words.AddRange(["--set", @override.ToString()]);
        words.AddRange(["--out", outRoot]);
        if (channelsLast)
            words.Add("--channels-last");
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
