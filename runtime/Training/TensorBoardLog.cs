using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Training;

/// <summary>Per-epoch scalars as TensorBoard event files (TorchSharp's writer), under the run folder.</summary>
public sealed class TensorBoardLog
{
    private readonly SummaryWriter writer;

    /// <summary>Writes event files into <paramref name="directory"/>.</summary>
    public TensorBoardLog(string directory)
    {
        writer = utils.tensorboard.SummaryWriter(directory, createRunName: false);
    }

    /// <summary>Adds one epoch's metrics, with the epoch as the step.</summary>
    public void Write(EpochMetrics m)
    {
        writer.add_scalar("train/loss", (float)m.TrainLoss, m.Epoch);
        writer.add_scalar("train/accuracy", (float)m.TrainAccuracy, m.Epoch);
        writer.add_scalar("test/loss", (float)m.TestLoss, m.Epoch);
        writer.add_scalar("test/error", (float)m.TestError, m.Epoch);
        writer.add_scalar("schedule/lr", (float)m.LearningRate, m.Epoch);
        writer.add_scalar("schedule/lambda", (float)m.Lambda, m.Epoch);
        writer.add_scalar("speed/images_per_second", (float)m.ImagesPerSecond, m.Epoch);
    }

    /// <summary>Adds named scalars at <paramref name="step"/> (a null value is skipped).</summary>
    public void Write(int step, IEnumerable<(string Tag, double? Value)> scalars)
    {
        foreach (var (tag, value) in scalars)
        {
            if (value is { } v)
                writer.add_scalar(tag, (float)v, step);
        }
    }
}
