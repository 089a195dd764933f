using System.Globalization;
using IsdaDsl.Runtime.Training;
using Spectre.Console;

namespace IsdaDsl.Experiments.Runs;

/// <summary>
/// Progress on the console: a live Spectre.Console bar with throughput and ETA when the output is an interactive
/// terminal, plain lines (one per epoch and every few percent of an epoch) when it is redirected to a log.
/// </summary>
internal sealed class ConsoleProgress : ITrainingProgress
{
    private readonly IAnsiConsole console;
    private readonly ProgressContext? live;
    private readonly SweepProgress? sweep;
    private ProgressTask? task;
    private int totalBatches;
    private int epoch;
    private int totalEpochs;
    private int lastPlainPercent;

    private ConsoleProgress(IAnsiConsole console, ProgressContext? live, SweepProgress? sweep)
    {
        this.console = console;
        this.live = live;
        this.sweep = sweep;
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a progress display fitted to <paramref name="console"/>; within a sweep of
    /// several runs, each epoch's line is followed by where the sweep stands (<see cref="SweepProgress"/>).
    /// </summary>
    public static T Run<T>(IAnsiConsole console, SweepProgress? sweep, Func<ITrainingProgress, T> work)
    {
        if (!console.Profile.Capabilities.Interactive)
            return work(new ConsoleProgress(console, null, sweep));
        return console.Progress()
            .AutoClear(false)
            // A finished epoch prints its own line; its bar would only repeat it.
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => work(new ConsoleProgress(console, context, sweep)));
    }

    /// <inheritdoc/>
    public void EpochStarted(int epoch, int totalEpochs, int firstBatch, int totalBatches)
    {
        this.epoch = epoch;
        this.totalEpochs = totalEpochs;
        this.totalBatches = totalBatches;
        lastPlainPercent = 0;
        if (live is not null)
        {
            task = live.AddTask(Describe(double.NaN, double.NaN), maxValue: totalBatches);
            task.Value = firstBatch;
        }
    }

    /// <inheritdoc/>
    public void StepFinished(int batch, double loss, double imagesPerSecond)
    {
        if (task is not null)
        {
            task.Value = batch;
            task.Description = Describe(loss, imagesPerSecond);
            return;
        }
        var percent = 100 * batch / Math.Max(1, totalBatches);
        if (percent >= lastPlainPercent + 10)
        {
            lastPlainPercent = percent - percent % 10;
            console.WriteLine($"  {Describe(loss, imagesPerSecond)} {percent}%");
        }
    }

    /// <inheritdoc/>
    public void EpochFinished(EpochMetrics m, TimeSpan remaining)
    {
        task?.StopTask();
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"epoch {m.Epoch}/{totalEpochs}  loss {m.TrainLoss:F4}  train acc {m.TrainAccuracy:P2}  [bold]test error {m.TestError:P2}[/]  lr {m.LearningRate:G4}  λ {m.Lambda:G3}  {m.ImagesPerSecond:F0} img/s  {m.Seconds:F1} s  ETA {remaining:hh\\:mm\\:ss}"));
        SweepLine(m.Seconds, remaining);
    }

    /// <inheritdoc/>
    public void EpochFinished(GanEpochMetrics m, TimeSpan remaining)
    {
        task?.StopTask();
        var line = string.Create(CultureInfo.InvariantCulture, $"epoch {m.Epoch}/{totalEpochs}  critic loss {m.CriticLoss:F4}");
        if (m.GeneratorLoss is { } generator)
            line += string.Create(CultureInfo.InvariantCulture, $"  generator loss {generator:F4}");
        if (m.WassersteinEstimate is { } wasserstein)
            line += string.Create(CultureInfo.InvariantCulture, $"  W estimate {wasserstein:F4}");
        if (m.GradientPenalty is { } penalty)
            line += string.Create(CultureInfo.InvariantCulture, $"  gradient penalty {penalty:F4}");
        line += string.Create(CultureInfo.InvariantCulture, $"  {m.CriticSteps}/{m.GeneratorSteps} critic/generator steps  {m.Seconds:F1} s  ETA {remaining:hh\\:mm\\:ss}");
        console.WriteLine(line);
        SweepLine(m.Seconds, remaining);
    }

    private void SweepLine(double epochSeconds, TimeSpan runRemaining)
    {
        if (sweep is null)
            return;
        sweep.EpochFinished(epochSeconds);
        console.MarkupLine($"[grey]{Markup.Escape(sweep.Describe(runRemaining))}[/]");
    }

    /// <inheritdoc/>
    public void Message(string text) => console.MarkupLine(Markup.Escape(text));

    private string Describe(double loss, double imagesPerSecond) => double.IsNaN(loss)
        ? $"epoch {epoch + 1}/{totalEpochs}"
        : string.Create(CultureInfo.InvariantCulture, $"epoch {epoch + 1}/{totalEpochs} loss {loss:F3} {imagesPerSecond:F0} img/s");
}
