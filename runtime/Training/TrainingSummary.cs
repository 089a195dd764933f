using System.Text.Json.Serialization;

namespace IsdaDsl.Runtime.Training;

/// <summary>How a run ended and its headline errors (fractions in [0, 1]), written to summary.json.</summary>
public sealed record TrainingSummary(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("epochs_completed")] int EpochsCompleted,
    [property: JsonPropertyName("epochs")] int Epochs,
    [property: JsonPropertyName("final_test_error")] double? FinalTestError,
    [property: JsonPropertyName("best_test_error")] double? BestTestError,
    [property: JsonPropertyName("last10_mean_test_error")] double? Last10MeanTestError,
    [property: JsonPropertyName("run_directory")] string RunDirectory)
{
    /// <summary>File name of the summary inside a run folder.</summary>
    public const string FileName = "summary.json";

    /// <summary>The run finished all its epochs.</summary>
    public const string Completed = "completed";

    /// <summary>The run was stopped (Ctrl+C) after saving a checkpoint; it can be resumed.</summary>
    public const string Interrupted = "interrupted";

    /// <summary>Summarises the metrics of a run.</summary>
    public static TrainingSummary From(string status, IReadOnlyList<EpochMetrics> rows, int epochs, string runDirectory)
    {
        if (rows.Count == 0)
            return new(status, 0, epochs, null, null, null, runDirectory);
        var errors = rows.Select(r => r.TestError).ToList();
        return new(status, rows[^1].Epoch, epochs, errors[^1], errors.Min(), errors.TakeLast(10).Average(), runDirectory);
    }
}
