using IsdaDsl.Spec;

namespace IsdaDsl.Experiments.Reports;

/// <summary>
/// One line of the report: an experiment (one spec, any seed), the test error of each of its completed runs in
/// percent (the measure its <c>evaluation.report</c> names), the seeds of those runs in the same order, and the
/// paper's number when the spec gives one. <see cref="Spec"/> is the experiment's newest spec, for comparing
/// experiments.
/// </summary>
internal sealed record ReportRow(
    string Experiment,
    string Data,
    string Architecture,
    string Method,
    string Measure,
    IReadOnlyList<double> RunErrorsPercent,
    double? PaperErrorPercent,
    IReadOnlyList<int> Seeds,
    ExperimentSpec Spec)
{
    /// <summary>Mean ± std of <see cref="RunErrorsPercent"/>.</summary>
    public ErrorStatistics ErrorPercent { get; } = ErrorStatistics.Of(RunErrorsPercent);

    /// <summary>The mean test error minus the paper's, in percentage points; null without a paper number.</summary>
    public double? DifferenceFromPaper => ErrorPercent.Mean - PaperErrorPercent;
}
