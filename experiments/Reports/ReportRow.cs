namespace IsdaDsl.Experiments.Reports;

/// <summary>
/// One line of the report: an experiment (one spec, any seed), the test error of its completed runs in percent
/// (the measure its <c>evaluation.report</c> names), and the paper's number when the spec gives one.
/// </summary>
internal sealed record ReportRow(
    string Experiment,
    string Data,
    string Architecture,
    string Method,
    string Measure,
    ErrorStatistics ErrorPercent,
    double? PaperErrorPercent);
