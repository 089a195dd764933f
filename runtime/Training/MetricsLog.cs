using System.Globalization;
using System.Text.Json;

namespace IsdaDsl.Runtime.Training;

/// <summary>
/// The per-epoch metrics of a run as JSON Lines (metrics.jsonl) and CSV (metrics.csv). Opening it for a resumed
/// run drops rows past the checkpoint, so an epoch that ran again after a crash appears once.
/// </summary>
public sealed class MetricsLog
{
    /// <summary>File name of the JSON Lines log inside a run folder.</summary>
    public const string JsonLinesFile = "metrics.jsonl";

    /// <summary>File name of the CSV log inside a run folder.</summary>
    public const string CsvFile = "metrics.csv";

    private const string CsvHeader = "epoch,train_loss,train_accuracy,test_loss,test_error,lr,lambda,images_per_second,seconds";
    private readonly string jsonPath;
    private readonly string csvPath;
    private readonly List<EpochMetrics> rows;

    /// <summary>Opens the logs in <paramref name="runDirectory"/>, keeping rows of epochs ≤ <paramref name="completedEpochs"/>.</summary>
    public MetricsLog(string runDirectory, int completedEpochs)
    {
        jsonPath = Path.Combine(runDirectory, JsonLinesFile);
        csvPath = Path.Combine(runDirectory, CsvFile);
        rows = Read(jsonPath).Where(r => r.Epoch <= completedEpochs).ToList();
        File.WriteAllLines(jsonPath, rows.Select(r => JsonSerializer.Serialize(r)));
        File.WriteAllLines(csvPath, rows.Select(ToCsv).Prepend(CsvHeader));
    }

    /// <summary>All rows so far, in epoch order.</summary>
    public IReadOnlyList<EpochMetrics> Rows => rows;

    /// <summary>Appends one epoch's row to both files.</summary>
    public void Append(EpochMetrics row)
    {
        rows.Add(row);
        File.AppendAllLines(jsonPath, [JsonSerializer.Serialize(row)]);
        File.AppendAllLines(csvPath, [ToCsv(row)]);
    }

    /// <summary>Reads a metrics.jsonl file (empty when absent).</summary>
    public static IReadOnlyList<EpochMetrics> Read(string path)
    {
        if (!File.Exists(path))
            return [];
        var result = new List<EpochMetrics>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                result.Add(JsonSerializer.Deserialize<EpochMetrics>(line) ?? throw new JsonException("null row"));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: not a metrics row ({e.Message})", e);
            }
        }
        return result;
    }

    private static string ToCsv(EpochMetrics r) => string.Join(',',
        new object[] { r.Epoch, r.TrainLoss, r.TrainAccuracy, r.TestLoss, r.TestError, r.LearningRate, r.Lambda, r.ImagesPerSecond, r.Seconds }
            .Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
}
