using IsdaDsl.Experiments.Reports;
using static IsdaDsl.Tests.Cli.FabricatedRuns;

namespace IsdaDsl.Tests.Cli;

/// <summary>The series `isda plot` draws for an experiment: test error (%) per epoch, mean ± sample std over its runs.</summary>
public sealed class ErrorCurveTests
{
    [Fact]
    public void Each_epoch_is_the_mean_and_sample_deviation_of_the_runs_that_reached_it()
    {
        var curve = ErrorCurve.Of("isda", [[Row(1, 0.30), Row(2, 0.20)], [Row(2, 0.24), Row(1, 0.34)], [Row(1, 0.32)]])!;

        Assert.Equal("isda", curve.Label);
        Assert.Equal([1, 2], curve.Epochs);
        Assert.Equal([3, 2], curve.ErrorPercent.Select(s => s.Count));
        Assert.Equal(32, curve.ErrorPercent[0].Mean, 9);
        Assert.Equal(2, curve.ErrorPercent[0].StandardDeviation!.Value, 9);
        Assert.Equal(22, curve.ErrorPercent[1].Mean, 9);
        Assert.Equal(Math.Sqrt(8), curve.ErrorPercent[1].StandardDeviation!.Value, 9);
    }

    [Fact]
    public void One_run_has_no_deviation_and_no_rows_no_curve()
    {
        var curve = ErrorCurve.Of("basic", [[Row(1, 0.25)]])!;
        Assert.Equal(25, curve.ErrorPercent[0].Mean, 9);
        Assert.Null(curve.ErrorPercent[0].StandardDeviation);
        Assert.Null(ErrorCurve.Of("none", [[]]));
    }

}
