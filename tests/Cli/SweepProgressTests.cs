using IsdaDsl.Experiments.Runs;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Tests.Cli;

/// <summary>A sweep's runs done and its ETA, from the epoch times seen, on a plan of known epochs.</summary>
public sealed class SweepProgressTests
{
    private static PlannedRun Planned(string experiment, int epochs, RunAction action = RunAction.Train) =>
        new(RunSeeds.Runs(ExperimentRequest.Resolve(experiment, [SpecOverride.Parse($"training.epochs={epochs}")]))[0], action);

    [Fact]
    public void Complete_runs_it_skips_and_runs_trained_before_the_current_one_count_as_done()
    {
        var plan = new[]
        {
            Planned("fashion-mnist-resnet8-basic", 2, RunAction.Skip), Planned("fashion-mnist-resnet8-isda", 2),
            Planned("fashion-mnist-resnet8-isda", 2), Planned("fashion-mnist-resnet8-isda", 2, RunAction.Skip),
        };
        var sweep = new SweepProgress(plan);

        sweep.Started(plan[1]);
        Assert.Equal((2, 4), (sweep.Done, sweep.Total));
        Assert.Equal("sweep: 2 of 4 runs done", sweep.Describe(TimeSpan.FromMinutes(1)));
        sweep.Started(plan[2]);
        Assert.Equal(3, sweep.Done);
    }

    [Fact]
    public void The_ETA_adds_each_later_run_s_epochs_at_its_experiment_s_epoch_time_or_the_mean_one()
    {
        // The current run (basic) has timed epochs of 10 s and 20 s; the later basic run has 3 epochs at their mean of
        // 15 s, the isda run not seen yet 4 epochs at the mean of all timed epochs (15 s); the skipped run counts nothing.
        var plan = new[]
        {
            Planned("fashion-mnist-resnet8-basic", 5), Planned("fashion-mnist-resnet8-basic", 3),
            Planned("fashion-mnist-resnet8-isda", 7, RunAction.Skip), Planned("fashion-mnist-resnet8-isda", 4),
        };
        var sweep = new SweepProgress(plan);
        sweep.Started(plan[0]);
        Assert.Null(sweep.Remaining(TimeSpan.FromSeconds(100)));

        sweep.EpochFinished(10);
        sweep.EpochFinished(20);

        Assert.Equal(TimeSpan.FromSeconds(100 + 3 * 15 + 4 * 15), sweep.Remaining(TimeSpan.FromSeconds(100)));
        Assert.Equal("sweep: 1 of 4 runs done, ETA 00:03:25", sweep.Describe(TimeSpan.FromSeconds(100)));

        // Once the isda run has its own epoch time (40 s), that is what its remaining epochs take.
        sweep.Started(plan[3]);
        sweep.EpochFinished(40);
        Assert.Equal(TimeSpan.FromSeconds(120), sweep.Remaining(TimeSpan.FromSeconds(120)));
    }

    [Fact]
    public void Each_epoch_line_of_a_sweep_is_followed_by_where_the_sweep_stands()
    {
        var plan = new[] { Planned("fashion-mnist-resnet8-basic", 2), Planned("fashion-mnist-resnet8-basic", 2) };
        var sweep = new SweepProgress(plan);
        sweep.Started(plan[0]);

        var (_, output) = IsdaConsole.Capture(console => ConsoleProgress.Run(console, sweep, progress =>
        {
            progress.EpochStarted(0, 2, 0, 1);
            progress.EpochFinished(new EpochMetrics(1, 2.25, 0.5, 2.0, 0.125, 0.1, 0.25, 1000, 30), TimeSpan.FromSeconds(30));
            return 0;
        }));

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("epoch 1/2", lines[^2]);
        Assert.Equal("sweep: 0 of 2 runs done, ETA 00:01:30", lines[^1]);
    }
}
