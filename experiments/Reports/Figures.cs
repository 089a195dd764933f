using IsdaDsl.Experiments.Runs;
using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Experiments.Reports;

/// <summary>
/// The figures of a set of experiments, as `isda plot` writes them and `isda report --plots` embeds them: per data
/// set and architecture the test error against epoch (<see cref="CurvePlot"/>) and each experiment's runs at the end
/// (<see cref="MethodErrorsPlot"/>), and one figure per run (<see cref="RunCurvesPlot"/>), each as PNG and SVG.
/// </summary>
internal sealed class Figures
{
    private readonly IReadOnlyList<(ExperimentRuns Experiment, IReadOnlyList<(RunFolder Run, IReadOnlyList<EpochMetrics> Rows)> Runs)> plottable;

    private Figures(IReadOnlyList<(ExperimentRuns, IReadOnlyList<(RunFolder, IReadOnlyList<EpochMetrics>)>)> plottable) => this.plottable = plottable;

    /// <summary>The runs of <paramref name="experiments"/> that have metrics rows; a run whose metrics.jsonl cannot be read is skipped with a warning.</summary>
    public static Figures Of(IEnumerable<ExperimentRuns> experiments, Action<string> warn) =>
        new(experiments
            .Select(e => (e, (IReadOnlyList<(RunFolder, IReadOnlyList<EpochMetrics>)>)e.Runs.Select(run => (run, Metrics(run, warn))).Where(r => r.Item2.Count > 0).ToList()))
            .Where(e => e.Item2.Count > 0)
            .ToList());

    /// <summary>Whether any run has something to draw.</summary>
    public bool IsEmpty => plottable.Count == 0;

    /// <summary>
    /// Writes the figures of each data set and architecture into <paramref name="folder"/>, the curves and then the
    /// runs' errors at the end (where an experiment reports its measure); returns each one's title and files (PNG first).
    /// </summary>
    public IReadOnlyList<(string Title, IReadOnlyList<string> Files)> WriteGroupFigures(string folder)
    {
        Directory.CreateDirectory(folder);
        return plottable
            // A share of the training set trains for other epochs and errs differently: figures of its own.
            .GroupBy(e => (Data: DataLabel.Of(e.Experiment.Spec.Data), e.Experiment.Architecture))
            .SelectMany(group =>
            {
                var (data, architecture) = group.Key;
                // Never null: every run kept has rows.
                var curves = group.Select(e => ErrorCurve.Of(e.Experiment.Label, e.Runs.Select(r => r.Rows))!).ToList();
                var figures = new List<(string, IReadOnlyList<string>)> { ($"{data}, {architecture}: test error", CurvePlot.Write(folder, data, architecture, curves)) };
                // An experiment keeps its curve's colour: its index among the group's curves.
                var rows = group.Select((e, style) => (Rows: ReportBuilder.Rows([e.Experiment]), Style: style)).Where(r => r.Rows.Count == 1).ToList();
                if (rows.Count > 0)
                    figures.Add(($"{data}, {architecture}: test error of each run", MethodErrorsPlot.Write(folder, data, architecture, rows.Select(r => r.Rows[0]).ToList(), rows.Select(r => r.Style).ToList())));
                return figures;
            })
            .ToList();
    }

    /// <summary>Writes each run's figure into <paramref name="folder"/>, named "curves-EXPERIMENT-RUNFOLDER"; returns the files.</summary>
    public IReadOnlyList<string> WriteRunCurves(string folder)
    {
        Directory.CreateDirectory(folder);
        return plottable
            .SelectMany(e => e.Runs.SelectMany(r => RunCurvesPlot.Write(
                Path.Combine(folder, $"curves-{e.Experiment.Spec.Name}-{Path.GetFileName(r.Run.Path)}"),
                $"{e.Experiment.Spec.Name}/{Path.GetFileName(r.Run.Path)}",
                r.Rows)))
            .ToList();
    }

    /// <summary>The rows of a run's metrics.jsonl; none (and a warning) when it cannot be read.</summary>
    private static IReadOnlyList<EpochMetrics> Metrics(RunFolder run, Action<string> warn)
    {
        try
        {
            return MetricsLog<EpochMetrics>.Read(Path.Combine(run.Path, MetricsLog.JsonLinesFile));
        }
        catch (InvalidDataException e)
        {
            warn($"skipped {run.Path}: {e.Message}");
            return [];
        }
    }
}
