using System.Text.Json;
using IsdaDsl.Experiments.Runs;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Spec;
using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Tests.Cli;

/// <summary>Run folders as the CLI and the trainer leave them, without training: spec.yaml, summary.json and metrics.jsonl.</summary>
internal static class FabricatedRuns
{
    /// <summary>The catalog experiment with <paramref name="overrides"/> ("section.key=value").</summary>
    public static ExperimentSpec Spec(string experiment, params string[] overrides) =>
        ExperimentRequest.Resolve(experiment, overrides.Select(SpecOverride.Parse)).Spec;

    /// <summary>
    /// OUT/NAME/<paramref name="folderName"/> holding <paramref name="spec"/>, and a summary with
    /// <paramref name="status"/> and the three errors (fractions) when <paramref name="status"/> is not null.
    /// </summary>
    public static string Write(string outRoot, ExperimentSpec spec, string folderName, string? status,
        double final = 0.1, double best = 0.1, double last10 = 0.1)
    {
        var folder = Path.Combine(outRoot, spec.Name, folderName);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, RunFolders.SpecFile), SpecWriter.Write(spec));
        if (status is not null)
        {
            var summary = new TrainingSummary(status, spec.Training.Epochs, spec.Training.Epochs, final, best, last10, folder);
            File.WriteAllText(Path.Combine(folder, TrainingSummary.FileName), JsonSerializer.Serialize(summary));
        }
        return folder;
    }

    /// <summary>Writes <paramref name="rows"/> as the run's metrics.jsonl.</summary>
    public static void WriteMetrics(string folder, IEnumerable<EpochMetrics> rows) =>
        File.WriteAllLines(Path.Combine(folder, MetricsLog.JsonLinesFile), rows.Select(row => JsonSerializer.Serialize(row)));

    /// <summary>A metrics row of <paramref name="epoch"/> with this test error (a fraction) and the rest derived from it.</summary>
    public static EpochMetrics Row(int epoch, double testError) =>
        new(epoch, TrainLoss: 2 * testError, TrainAccuracy: 1 - testError, TestLoss: 3 * testError, testError, LearningRate: 0.1 / epoch, Lambda: 0.5 * epoch / 10, ImagesPerSecond: 100, Seconds: 1);
}
