using IsdaDsl.Experiments.Runs;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Spec;

namespace IsdaDsl.Experiments.Reports;

/// <summary>Groups the completed runs of run folders by experiment and summarises each group's test errors.</summary>
internal static class ReportBuilder
{
    /// <summary>One row per experiment of <see cref="Experiments"/>: <see cref="Rows"/> of the folders' experiments.</summary>
    public static IReadOnlyList<ReportRow> Build(IEnumerable<RunFolder> folders, Func<string, ExperimentSpec?> catalogSpec) =>
        Rows(Experiments(folders, catalogSpec));

    /// <summary>
    /// One row per experiment that has a run reporting its measure. The measure, paper number and description come
    /// from the experiment's newest spec.yaml; the runs' errors are in the order of their seeds.
    /// </summary>
    public static IReadOnlyList<ReportRow> Rows(IEnumerable<ExperimentRuns> experiments) =>
        experiments
            .Select(experiment =>
            {
                var spec = experiment.Spec;
                var measured = experiment.Runs.Select(r => (r.Spec!.Training.Seed, Error: TestError.Reported(r.Summary!, spec.Evaluation.Report)))
                    .Where(m => m.Error is not null).OrderBy(m => m.Seed).ToList();
                return measured.Count == 0 ? null : new ReportRow(
                    experiment.Label,
                    DataLabel.Of(spec.Data),
                    experiment.Architecture,
                    experiment.Method,
                    spec.Evaluation.Report,
                    measured.Select(m => 100 * m.Error!.Value).ToList(),
                    PaperErrorPercent(spec),
                    measured.Select(m => m.Seed).ToList(),
                    spec);
            })
            .OfType<ReportRow>()
            .ToList();

    /// <summary>
    /// The experiments (<see cref="SpecIdentity.OfExperiment"/>: runs that differ only in their seed) of the complete
    /// folders with a readable spec.yaml, ordered by label; a run held by several folders counts once (the newest).
    /// An experiment that differs from the catalog's spec of that name (<paramref name="catalogSpec"/>) is labelled
    /// with the differences, so a quick `--set training.epochs=1` run is never mistaken for the real one. Gan and
    /// reconstruction runs have no test error to compare and are left out.
    /// </summary>
    public static IReadOnlyList<ExperimentRuns> Experiments(IEnumerable<RunFolder> folders, Func<string, ExperimentSpec?> catalogSpec) =>
        folders.Where(f => f.IsComplete && f.Spec is { Kind: SpecSchema.DefaultKind })
            .GroupBy(f => SpecIdentity.OfExperiment(f.Spec!))
            .Select(group =>
            {
                var runs = group.GroupBy(f => SpecIdentity.OfRun(f.Spec!)).Select(Newest).ToList();
                var spec = Newest(runs).Spec!;
                return new ExperimentRuns(Label(spec, catalogSpec(spec.Name)), spec, runs);
            })
            .OrderBy(e => e.Label, StringComparer.Ordinal)
            .ToList();

    /// <summary>The paper's test error for this experiment, in percent (<c>evaluation.paper_error</c>).</summary>
    private static double? PaperErrorPercent(ExperimentSpec spec) => spec.Evaluation.PaperError;

    private static string Label(ExperimentSpec spec, ExperimentSpec? reference)
    {
        var differences = reference is null ? [] : SpecDifferences.Between(SpecIdentity.Experiment(spec), SpecIdentity.Experiment(reference));
        return differences.Count == 0 ? spec.Name : $"{spec.Name} ({string.Join(", ", differences)})";
    }

    private static RunFolder Newest(IEnumerable<RunFolder> folders) => folders.Order(RunFolder.ByAge).Last();
}
