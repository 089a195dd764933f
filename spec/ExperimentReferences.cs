using System.Collections.Generic;
using System.Linq;

namespace IsdaDsl.Spec;

/// <summary>
/// What an experiment is to another that names it: its kind, the data set it works on, and its method (classification)
/// or objective (gan).
/// </summary>
public sealed record ReferenceTarget(string Kind, string Dataset, string Component)
{
    public static ReferenceTarget Of(ExperimentSpec spec) =>
        new(spec.Kind, spec.Data.Name, spec.Kind switch { "gan" => spec.Gan!.Name, "reconstruction" => "", _ => spec.Method.Name });
}

/// <summary>
/// Checks an experiment's <see cref="ExperimentSpec.References"/> against every experiment of the project (ISDA013): the
/// named one exists, is of the kind the parameter requires (with one of the methods or objectives it requires) and
/// works on the same data set. The build checks them once
/// every spec is read; the command line checks a spec changed by <c>--set</c> against the compiled catalog.
/// </summary>
public static class ExperimentReferences
{
    /// <summary>The problems of <paramref name="spec"/>'s references, with <paramref name="experiments"/> the project's experiments by name.</summary>
    public static IEnumerable<SpecProblem> Check(ExperimentSpec spec, IReadOnlyDictionary<string, ReferenceTarget> experiments) =>
        spec.References.Select(reference => Check(reference, experiments)).OfType<SpecProblem>();

    /// <summary>The problem of one reference, at the name it gives, or null.</summary>
    public static SpecProblem? Check(ExperimentReference reference, IReadOnlyDictionary<string, ReferenceTarget> experiments) =>
        Problem(reference, experiments) is { } message
            ? new SpecProblem(ProblemIds.BadReference, $"{reference.Key} {message}", reference.Span)
            : null;

    private static string? Problem(ExperimentReference reference, IReadOnlyDictionary<string, ReferenceTarget> experiments)
    {
        var components = reference.Components.Count == 0 ? "" : $" with {(reference.Kind == "gan" ? "objective" : "method")} {string.Join(" or ", reference.Components)}";
        var candidates = experiments.Where(e => e.Value.Kind == reference.Kind && e.Value.Dataset == reference.Dataset && Fits(reference, e.Value))
            .Select(e => e.Key).OrderBy(name => name, System.StringComparer.Ordinal).ToList();
        var known = candidates.Count == 0
            ? $"the project has no experiment of kind {reference.Kind}{components} on {reference.Dataset}"
            : $"experiments of kind {reference.Kind}{components} on {reference.Dataset}: {string.Join(", ", candidates)}";
        if (!experiments.TryGetValue(reference.Name, out var target))
            return $"names no experiment of the project: '{SpecText.Clip(reference.Name)}'{EditDistance.Suggestion(reference.Name, candidates)}; {known}";
        if (target.Kind != reference.Kind)
            return $"must name an experiment of kind {reference.Kind}; '{reference.Name}' is of kind {target.Kind}; {known}";
        if (target.Dataset != reference.Dataset)
            return $"must name an experiment on this experiment's data set, {reference.Dataset}; '{reference.Name}' is on {target.Dataset}; {known}";
        if (!Fits(reference, target))
            return $"must name an experiment of kind {reference.Kind}{components}; '{reference.Name}' has {target.Component}; {known}";
        return null;
    }

    private static bool Fits(ExperimentReference reference, ReferenceTarget target) =>
        reference.Components.Count == 0 || reference.Components.Contains(target.Component);
}
