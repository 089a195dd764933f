using System.Text.Json.Serialization;

namespace IsdaDsl.Runtime.Training;

/// <summary>One row of a run's metrics: the state after <see cref="Epoch"/> completed epochs (1-based).</summary>
public sealed record EpochMetrics(
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("train_loss")] double TrainLoss,
    [property: JsonPropertyName("train_accuracy")] double TrainAccuracy,
    [property: JsonPropertyName("test_loss")] double TestLoss,
    [property: JsonPropertyName("test_error")] double TestError,
    [property: JsonPropertyName("lr")] double LearningRate,
    [property: JsonPropertyName("lambda")] double Lambda,
    [property: JsonPropertyName("images_per_second")] double ImagesPerSecond,
    [property: JsonPropertyName("seconds")] double Seconds) : IEpochRow;
