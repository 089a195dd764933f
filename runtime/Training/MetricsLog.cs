using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using IsdaDsl.Runtime.Persistence;

namespace IsdaDsl.Runtime.Training;

/// <summary>A row of a per-epoch metrics log: a record whose <see cref="JsonPropertyNameAttribute"/>-named properties are the columns.</summary>
public interface IEpochRow
{
    /// <summary>The number of completed epochs the row describes (1-based).</summary>
    int Epoch { get; }
}

/// <summary>
/// The per-epoch metrics of a run as JSON Lines (metrics.jsonl) and CSV (metrics.csv). Opening it for a resumed
/// run drops rows past the checkpoint, so an epoch that ran again after a crash appears once. The columns are the
/// row type's properties named with <see cref="JsonPropertyNameAttribute"/>, in declaration order (an absent value
/// is an empty CSV cell).
/// </summary>
/// <typeparam name="TRow">The row record: <see cref="EpochMetrics"/> for classifiers, GanEpochMetrics for GANs.</typeparam>
public class MetricsLog<TRow>
    where TRow : IEpochRow
{
    /// <summary>File name of the JSON Lines log inside a run folder.</summary>
    public const string JsonLinesFile = "metrics.jsonl";

    /// <summary>File name of the CSV log inside a run folder.</summary>
    public const string CsvFile = "metrics.csv";

    private static readonly IReadOnlyList<(string Name, PropertyInfo Property)> Columns = JsonFields.Of(typeof(TRow));

    private readonly string jsonPath;
    private readonly string csvPath;
    private readonly List<TRow> rows;

    /// <summary>Opens the logs in <paramref name="runDirectory"/>, keeping rows of epochs ≤ <paramref name="completedEpochs"/>.</summary>
    public MetricsLog(string runDirectory, int completedEpochs)
    {
        jsonPath = Path.Combine(runDirectory, JsonLinesFile);
        csvPath = Path.Combine(runDirectory, CsvFile);
        rows = Read(jsonPath).Where(r => r.Epoch <= completedEpochs).ToList();
        File.WriteAllLines(jsonPath, rows.Select(r => JsonSerializer.Serialize(r)));
        File.WriteAllLines(csvPath, rows.Select(ToCsv).Prepend(CsvHeader));
    }

    /// <summary>The CSV header: the column names.</summary>
    public static string CsvHeader => string.Join(',', Columns.Select(c => c.Name));

    /// <summary>All rows so far, in epoch order.</summary>
    public IReadOnlyList<TRow> Rows => rows;

    /// <summary>Appends one epoch's row to both files.</summary>
    public void Append(TRow row)
    {
        rows.Add(row);
        File.AppendAllLines(jsonPath, [JsonSerializer.Serialize(row)]);
        File.AppendAllLines(csvPath, [ToCsv(row)]);
    }

    /// <summary>Reads a metrics.jsonl file (empty when absent).</summary>
    public static IReadOnlyList<TRow> Read(string path)
    {
        if (!File.Exists(path))
            return [];
        var result = new List<TRow>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                result.Add(JsonSerializer.Deserialize<TRow>(line) ?? throw new JsonException("null row"));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: not a metrics row ({e.Message})", e);
            }
        }
        return result;
    }

    private static string ToCsv(TRow row) =>
        string.Join(',', Columns.Select(c => Convert.ToString(c.Property.GetValue(row), CultureInfo.InvariantCulture) ?? ""));
}

/// <summary>The classifier trainer's metrics log (rows of <see cref="EpochMetrics"/>).</summary>
public sealed class MetricsLog : MetricsLog<EpochMetrics>
{
    /// <summary>Opens the logs in <paramref name="runDirectory"/>, keeping rows of epochs ≤ <paramref name="completedEpochs"/>.</summary>
    public MetricsLog(string runDirectory, int completedEpochs)
        : base(runDirectory, completedEpochs)
    {
    }
}
