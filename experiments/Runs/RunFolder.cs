using System.Text.Json;
using System.Text.RegularExpressions;
using IsdaDsl.Spec;
using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Experiments.Runs;

/// <summary>
/// An existing run folder as read back: its spec (null when spec.yaml is missing or no longer a valid spec) and its
/// summary (null before the trainer has written one).
/// </summary>
internal sealed partial record RunFolder(string Path, ExperimentSpec? Spec, TrainingSummary? Summary)
{
    /// <summary>Whether the run trained all its epochs.</summary>
    public bool IsComplete => Summary?.Status == TrainingSummary.Completed;

    /// <summary>Orders folders from oldest to newest by the time stamp and counter of their names (oldest: names of another form).</summary>
    public static IComparer<RunFolder> ByAge { get; } = Comparer<RunFolder>.Create((a, b) =>
    {
        var (stampA, counterA) = a.Stamp;
        var (stampB, counterB) = b.Stamp;
        var byStamp = string.CompareOrdinal(stampA, stampB);
        return byStamp != 0 ? byStamp : counterA.CompareTo(counterB);
    });

    private (string Stamp, int Counter) Stamp =>
        FolderName().Match(System.IO.Path.GetFileName(Path)) is { Success: true } match
            ? (match.Groups["stamp"].Value, match.Groups["counter"].Success ? int.Parse(match.Groups["counter"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0)
            : ("", 0);

    /// <summary>The largest spec.yaml or summary.json read; the real ones are a few hundred bytes.</summary>
    public const long MaxFileBytes = 1 << 20;

    /// <summary>Reads the folder at <paramref name="path"/>; unreadable files count as absent.</summary>
    public static RunFolder Read(string path)
    {
        var specPath = System.IO.Path.Combine(path, RunFolders.SpecFile);
        // A run folder's spec.yaml is one resolved experiment; anything else (edited by hand, from a future version) is unreadable.
        var read = ReadText(specPath) is { } text ? SpecReader.ReadRunSpec(text, specPath) : null;
        var spec = read is { Problems.Count: 0, Experiments.Count: 1 } ? read.Experiments[0] : null;
        return new RunFolder(path, spec, ReadSummary(System.IO.Path.Combine(path, TrainingSummary.FileName)));
    }

    private static TrainingSummary? ReadSummary(string path)
    {
        if (ReadText(path) is not { } text)
            return null;
        try
        {
            return JsonSerializer.Deserialize<TrainingSummary>(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The text of a plain file of at most <see cref="MaxFileBytes"/>; null for none, a symbolic link (whatever it
    /// points to is not this run's) or a larger file (read whole, it could exhaust memory).
    /// </summary>
    private static string? ReadText(string path)
    {
        var file = new FileInfo(path);
        return file.Exists && file.LinkTarget is null && file.Length <= MaxFileBytes ? File.ReadAllText(path) : null;
    }

    [GeneratedRegex(@"^seed--?\d+-(?<stamp>\d{8}-\d{6})(-(?<counter>\d+))?$")]
    private static partial Regex FolderName();
}
