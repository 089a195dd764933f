using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using IsdaDsl.Runtime.Execution;

namespace IsdaDsl.Runtime.Training;

/// <summary>
/// A run folder's environment.jsonl: one line for every start of the run, fresh or resumed, with the epoch it starts
/// at and the <see cref="RunEnvironment"/> it computes in, so that a run's numbers can be traced to what made them.
/// </summary>
public static class EnvironmentLog
{
    /// <summary>File name of the log inside a run folder.</summary>
    public const string FileName = "environment.jsonl";

    /// <summary>One start of a run.</summary>
    public sealed record Entry(
        [property: JsonPropertyName("epoch")] int Epoch,
        [property: JsonPropertyName("resumed")] bool Resumed,
        [property: JsonPropertyName("started")] DateTimeOffset Started,
        [property: JsonPropertyName("environment")] RunEnvironment Environment);

    /// <summary>
    /// Appends a start at <paramref name="epoch"/> (0-based: the first epoch it trains) in <paramref name="environment"/>,
    /// <paramref name="resumed"/> from a checkpoint or from the beginning. Returns a warning worth telling the user where
    /// a resumed run computes in another environment than its latest start from the beginning did, or null.
    /// </summary>
    public static string? Record(string runDirectory, int epoch, bool resumed, RunEnvironment environment)
    {
        var path = Path.Combine(runDirectory, FileName);
        var log = Text(path);
        var start = resumed ? Parse(log).LastOrDefault(entry => !entry.Resumed) : null;
        // A line cut short by a crash is ended first, so that it stays the only one lost.
        var cut = log.Length > 0 && !log.EndsWith('\n');
        File.AppendAllText(path, (cut ? "\n" : "") + JsonSerializer.Serialize(new Entry(epoch, resumed, DateTimeOffset.UtcNow, environment), JsonOptions) + "\n");
        var changes = start?.Environment.ChangesTo(environment) ?? [];
        return changes.Count == 0 ? null : string.Create(CultureInfo.InvariantCulture,
            $"resumed at epoch {epoch + 1} in another environment than the run started in ({string.Join("; ", changes)}): from here on it is not the run an uninterrupted one gives, but differs from it as another seed would");
    }

    /// <summary>
    /// Every start recorded in <paramref name="runDirectory"/>, oldest first; none where the log is absent. A line that
    /// is not a start (cut short by a crash) is left out: the log describes the run, it never stops one.
    /// </summary>
    public static IReadOnlyList<Entry> Read(string runDirectory) =>
        Parse(Text(Path.Combine(runDirectory, FileName)));

    private static string Text(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    // A version's "+" and a processor's name are written as they are: the file is for people, not for a browser.
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static IReadOnlyList<Entry> Parse(string log) =>
        log.Split('\n').Select(ParseLine).OfType<Entry>().ToList();

    private static Entry? ParseLine(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<Entry>(line) is { Environment: not null } entry ? entry : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
