using IsdaDsl.Experiments.Specs;
using IsdaDsl.Spec;

namespace IsdaDsl.Experiments.Reports;

/// <summary>
/// The report's comparisons with Basic: every experiment of another method with every Basic one whose spec is the
/// same but for the method; ISDA's first, as the comparison the report is for, then the baselines'.
/// </summary>
internal static class MethodPairs
{
    private const string Isda = "isda";
    /// <summary>The method every other one is compared with.</summary>
    public const string Basic = "basic";

    /// <summary>
    /// The pairs among <paramref name="rows"/>, ISDA's first and otherwise in row order: specs compared as
    /// <see cref="SpecIdentity.Experiment"/> (any seed, data root and evaluation), differing in nothing but the name
    /// and the <c>method</c> section.
    /// </summary>
    public static IReadOnlyList<MethodPair> Find(IReadOnlyList<ReportRow> rows) =>
        rows.Where(r => r.Spec.Method.Name != Basic)
            .OrderBy(r => r.Spec.Method.Name != Isda)
            .SelectMany(method => rows.Where(r => r.Spec.Method.Name == Basic && DifferOnlyInMethod(method.Spec, r.Spec))
                .Select(basic => MethodPair.Of(method, basic)))
            .ToList();

    private static bool DifferOnlyInMethod(ExperimentSpec first, ExperimentSpec second)
    {
        var (a, b) = (SpecIdentity.Experiment(first), SpecIdentity.Experiment(second));
        return SpecDifferences.Between(a, b).Concat(SpecDifferences.Between(b, a)).All(d => d.StartsWith("name=", StringComparison.Ordinal) || d.StartsWith("method.", StringComparison.Ordinal));
    }
}
