using IsdaDsl.Runtime.Data;
using IsdaDsl.Runtime.Settings;
using IsdaDsl.Runtime.Training;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Gan;

/// <summary>
/// A tiny 28×28 grey data set for the GAN trainer: class k lights up its own quarter of the image (plus noise),
/// 40 images per class, and small settings (widths 8, noise 8, batches of 16) so that a run takes a moment.
/// </summary>
internal static class GanTrainingData
{
    public const int Classes = 4;
    public const int PerClass = 40;

    public static TrainingData Create(int seed = 11)
    {
        var none = AugmentationOptions.None([0.5f], [0.5f]);
        return new TrainingData(new DataSplit(Make("tiny/train", PerClass * Classes, seed), Make("tiny/test", 2 * Classes, seed + 1)), none, none);
    }

    private static ImageDataset Make(string name, int count, int seed)
    {
        var rng = new Random(seed);
        var pixels = new byte[count * 28 * 28];
        var labels = new long[count];
        for (var i = 0; i < count; i++)
        {
            var label = i % Classes;
            labels[i] = label;
            for (var p = 0; p < 28 * 28; p++)
            {
                var (y, x) = (p / 28, p % 28);
                var quarter = (y / 14) * 2 + x / 14;
                pixels[i * 28 * 28 + p] = (byte)((quarter == label ? 190 : 20) + rng.Next(50));
            }
        }
        return new ImageDataset(name, tensor(pixels, [count, 1, 28, 28], ScalarType.Byte), tensor(labels, ScalarType.Int64), Classes);
    }

    /// <summary>The objective's usual settings (§9.1), scaled down: 2 critic steps (3 before the first generator step for WGAN).</summary>
    public static GanSettings Settings(string objective, int epochs = 2)
    {
        var settings = GanSettings.For(objective, "tiny-" + objective, new DataSettings("tiny")) with
        {
            NoiseDim = 8,
            GeneratorWidth = 8,
            CriticWidth = 8,
            Epochs = epochs,
            BatchSize = 16,
            Seed = 5,
        };
        return objective switch
        {
            "wgan" => settings with { CriticSteps = 2, WarmupCriticSteps = 3, WarmupGeneratorSteps = 1, WarmupEvery = 0 },
            "wgan-gp" => settings with { CriticSteps = 2, WarmupCriticSteps = 2 },
            _ => settings,
        };
    }
}

/// <summary>Progress that lets a GAN test act at given moments of a run.</summary>
internal sealed class GanRecordingProgress : ITrainingProgress
{
    public Action<GanEpochMetrics>? OnEpochFinished { get; init; }

    public Action<int>? OnStepFinished { get; init; }

    public List<string> Messages { get; } = [];

    public void EpochStarted(int epoch, int totalEpochs, int firstBatch, int totalBatches)
    {
    }

    public void StepFinished(int batch, double loss, double imagesPerSecond) => OnStepFinished?.Invoke(batch);

    public void EpochFinished(EpochMetrics metrics, TimeSpan remaining) => throw new InvalidOperationException("a GAN run reports GAN metrics");

    public void EpochFinished(GanEpochMetrics metrics, TimeSpan remaining) => OnEpochFinished?.Invoke(metrics);

    public void Message(string text) => Messages.Add(text);
}
