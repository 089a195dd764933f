using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Experiments.Reports;

/// <summary>The test error a spec reports (<c>evaluation.report</c>), read from a run's summary.</summary>
internal static class TestError
{
    /// <summary>
    /// The fraction <paramref name="report"/> names: last10 (docs/method.md §7.1's protocol), best or final.
    /// </summary>
    public static double? Reported(TrainingSummary summary, string report) => report switch
    {
        "last10" => summary.Last10MeanTestError,
        "best" => summary.BestTestError,
        "final" => summary.FinalTestError,
        _ => throw new ArgumentException($"unknown evaluation.report '{report}'"),
    };

    /// <summary>What <paramref name="report"/> means, for headings.</summary>
    public static string Describe(string report) => report switch
    {
        "last10" => "mean of the last 10 epochs",
        "best" => "best epoch",
        "final" => "final epoch",
        _ => report,
    };
}
