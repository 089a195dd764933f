using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace IsdaDsl.Spec;

/// <summary>
/// Spec files → resolved experiments or problems: the one entry point the generator and the CLI share. Merges the
/// bases a spec <c>extends</c>, expands its <c>matrix</c>, and reports each problem once: in the file that has it or,
/// when it only arises from the merge, at the <c>extends</c> entry that brought it in.
/// </summary>
public static class SpecReader
{
    /// <summary>
    /// One file on its own (a base it extends is not found); <paramref name="path"/> is relative to the project, as
    /// a file in a <c>base</c> folder is a base.
    /// </summary>
    public static SpecReadResult Read(string text, string path)
    {
        var file = ParsedSpec.Parse(path, path, text);
        return Read(file, new SpecLibrary([file]));
    }

    /// <summary>
    /// A spec written into a run folder (<paramref name="path"/>): one resolved experiment, read as an experiment
    /// whatever folders lie above it (an output folder named <c>base</c> does not make it a base).
    /// </summary>
    public static SpecReadResult ReadRunSpec(string text, string path)
    {
        var file = ParsedSpec.Parse(path, SpecPath.FileName(path), text);
        return Read(file, new SpecLibrary([file]));
    }

    /// <summary><paramref name="file"/>, whose <c>extends</c> may name any spec of <paramref name="library"/>.</summary>
    public static SpecReadResult Read(ParsedSpec file, SpecLibrary library)
    {
        var own = Evaluate(file, library);
        var reportedByBases = new Lazy<HashSet<SpecProblem>>(() => new HashSet<SpecProblem>(own.Extensions
            .SelectMany(e => e.Files)
            .Distinct()
            .Select(library.Find)
            .OfType<ParsedSpec>()
            .SelectMany(b => Evaluate(b, library).Problems)));
        var problems = own.Problems
            .Select(p => Locate(p, file, own.Extensions, reportedByBases))
            .OfType<SpecProblem>()
            .Distinct();
        var experiments = file.IsBase || own.Problems.Count > 0 ? [] : own.Experiments.Select(e => Localise(e, file, own.Extensions));
        return new SpecReadResult(new EquatableArray<ExperimentSpec>(experiments), new EquatableArray<SpecProblem>(problems));
    }

    /// <summary>
    /// The name of a spec that gives none: its path relative to the project, folders joined by '-' and without the
    /// extension ("cifar10/resnet110/isda.yaml" → "cifar10-resnet110-isda"), so files of one name in different
    /// folders stay distinct.
    /// </summary>
    public static string DefaultName(string relativePath)
    {
        var name = relativePath.Replace('\\', '/').TrimStart('/');
        foreach (var suffix in new[] { ".yaml", ".yml" })
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                name = name.Substring(0, name.Length - suffix.Length);
        }
        var parts = name.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).Where(p => p != "." && p != "..");
        return string.Join("-", parts);
    }

    /// <summary>Every experiment of the file and every problem found, wherever it lies (this file or a base).</summary>
    private static Outcome Evaluate(ParsedSpec file, SpecLibrary library)
    {
        if (file.Root is null)
            return new Outcome([], file.Problem is { } syntax ? [syntax] : [], []);
        if (file.Mapping is not { } own)
            return new Outcome([], SpecValidator.Validate(file.Root, DefaultName(file.RelativePath), file.IsBase).Problems, []);

        var composition = SpecComposer.Compose(file, own, library);
        var problems = composition.Problems.ToList();
        var experiments = new List<ExperimentSpec>();
        foreach (var combination in SpecMatrix.Combinations(SpecMatrix.Axes(own, problems)))
        {
            var spec = combination.Aggregate(composition.Merged, (merged, choice) => choice.Axis.Apply(merged, choice.Value));
            var (experiment, found) = SpecValidator.Validate(spec, DefaultName(file.RelativePath), file.IsBase);
            problems.AddRange(found);
            if (experiment is null)
                continue;
            // A default name comes from the file's path and a matrix adds its values: the result obeys the rule too.
            var name = string.Join("-", [experiment.Name, .. combination.Select(c => c.Axis.Label(c.Value))]);
            if (ExperimentName.Check(name) is { } reason)
            {
                var fix = combination.Count == 0 ? "give it a name: key" : "rename the file or the matrix values";
                problems.Add(new SpecProblem(ProblemIds.OutOfRange, $"experiment name '{SpecText.Clip(name)}' {reason}; {fix}", experiment.NameSpan));
                continue;
            }
            experiments.Add(experiment with { Name = name });
        }
        return new Outcome(experiments, problems, composition.Extensions);
    }

    /// <summary>
    /// The experiment with every span it keeps in <paramref name="file"/> itself: a component named in a base is
    /// found at the <c>extends</c> entry it came through (problems found after reading, such as ISDA011, go there).
    /// </summary>
    private static ExperimentSpec Localise(ExperimentSpec spec, ParsedSpec file, IReadOnlyList<Extension> extensions) =>
        spec with { Model = Localise(spec.Model, file, extensions), Method = Localise(spec.Method, file, extensions) };

    private static ComponentSpec Localise(ComponentSpec component, ParsedSpec file, IReadOnlyList<Extension> extensions)
    {
        var origin = component.NameSpan.File;
        if (origin is null || origin == file.Path)
            return component;
        return component with { NameSpan = EntryOf(origin, extensions), InheritedFrom = SpecPath.RelativeTo(file.Path, origin) + component.NameSpan.Position };
    }

    /// <summary>The span of the <c>extends</c> entry that merged <paramref name="origin"/> in (the last that did: it wins).</summary>
    private static SourceSpan EntryOf(string origin, IReadOnlyList<Extension> extensions) =>
        extensions.LastOrDefault(e => e.Files.Contains(origin))?.Entry.Span ?? SourceSpan.FileStart;

    /// <summary>
    /// A problem in the file itself stays. One in a base is dropped when the base reports it itself (it is wrong
    /// there already); otherwise it arises from the merge and moves to the entry it came through, saying where it lies.
    /// </summary>
    private static SpecProblem? Locate(SpecProblem problem, ParsedSpec file, IReadOnlyList<Extension> extensions, Lazy<HashSet<SpecProblem>> reportedByBases)
    {
        var origin = problem.Span.File;
        if (origin is null || origin == file.Path)
            return problem;
        if (reportedByBases.Value.Contains(problem))
            return null;
        return new SpecProblem(problem.Id, $"through {SpecPath.RelativeTo(file.Path, origin)}{problem.Span.Position}: {problem.Message}", EntryOf(origin, extensions));
    }

    private sealed record Outcome(IReadOnlyList<ExperimentSpec> Experiments, IReadOnlyList<SpecProblem> Problems, IReadOnlyList<Extension> Extensions);
}
