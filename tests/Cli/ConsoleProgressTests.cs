using IsdaDsl.Experiments.Runs;
using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Tests.Cli;

public sealed class ConsoleProgressTests
{
    [Fact]
    public void Redirected_output_gets_a_line_every_tenth_of_an_epoch_and_one_per_epoch()
    {
        var (result, output) = IsdaConsole.Capture(console => ConsoleProgress.Run(console, null, progress =>
        {
            progress.EpochStarted(0, 2, 0, 40);
            for (var batch = 1; batch <= 40; batch++)
                progress.StepFinished(batch, 2.5, 1000);
            progress.EpochFinished(new EpochMetrics(1, 2.25, 0.5, 2.0, 0.125, 0.1, 0.25, 1000, 3.5), TimeSpan.FromSeconds(4));
            progress.Message("resumed [at epoch 1]");
            return 42;
        }));

        Assert.Equal(42, result);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"  epoch 1/2 loss 2.500 1000 img/s {10 * i}%"), lines.Take(10));
        Assert.StartsWith("epoch 1/2  loss 2.2500  train acc 50.00 %  test error 12.50 %", lines[10]);
        Assert.EndsWith("ETA 00:00:04", lines[10]);
        Assert.Equal("resumed [at epoch 1]", lines[11]);
        Assert.Equal(12, lines.Count);
    }
}
