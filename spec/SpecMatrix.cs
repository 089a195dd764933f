using System.Collections.Generic;
using System.Linq;

namespace IsdaDsl.Spec;

/// <summary>A spec's <c>matrix</c>: its axes, checked, and the combinations they make (one experiment each).</summary>
internal static class SpecMatrix
{
    /// <summary>More would make a build crawl; a sweep that large belongs in several specs.</summary>
    public const int MaxCombinations = 1000;

    /// <summary>The valid axes in file order; each problem is recorded and its axis or value left out.</summary>
    public static IReadOnlyList<MatrixAxis> Axes(SpecMapping spec, List<SpecProblem> problems)
    {
        var axes = new List<MatrixAxis>();
        switch (spec.Find("matrix"))
        {
            case null or SpecScalar { IsNull: true }:
                break;
            case SpecMapping matrix:
                axes.AddRange(matrix.Entries.Select(entry => Axis(entry, problems)).OfType<MatrixAxis>());
                var count = axes.Aggregate(1L, (product, axis) => System.Math.Min(product * axis.Values.Count, MaxCombinations + 1L));
                if (count > MaxCombinations)
                {
                    problems.Add(new SpecProblem(ProblemIds.OutOfRange,
                        $"matrix must make at most {MaxCombinations} experiments, got more; split the sweep over several specs", matrix.Span));
                    axes.Clear();
                }
                break;
            case var node:
                problems.Add(new SpecProblem(ProblemIds.WrongType,
                    $"matrix must be a mapping of axes (a section, or section.key) to lists of values, got {SpecText.Describe(node)}", node.Span));
                break;
        }
        return axes;
    }

    /// <summary>Every choice of one value per axis, the first axis outermost; a single empty choice without axes.</summary>
    public static IReadOnlyList<IReadOnlyList<(MatrixAxis Axis, SpecNode Value)>> Combinations(IReadOnlyList<MatrixAxis> axes)
    {
        IReadOnlyList<IReadOnlyList<(MatrixAxis Axis, SpecNode Value)>> combinations = [[]];
        foreach (var axis in axes)
            combinations = combinations.SelectMany(c => axis.Values.Select(v => (IReadOnlyList<(MatrixAxis, SpecNode)>)[.. c, (axis, v)])).ToList();
        return combinations;
    }

    private static MatrixAxis? Axis(SpecEntry entry, List<SpecProblem> problems)
    {
        var name = entry.Key.Value;
        var dot = name.IndexOf('.');
        var section = dot < 0 ? name : name.Substring(0, dot);
        var key = dot < 0 ? null : name.Substring(dot + 1);
        if (!SpecSchema.SettingSections.Contains(section) || (key is not null && !SpecSchema.KeysOf(section).Contains(key)))
        {
            var known = SpecSchema.SettingSections.Concat(SpecSchema.SettingSections.SelectMany(s => SpecSchema.KeysOf(s).Select(k => s + "." + k)));
            problems.Add(new SpecProblem(ProblemIds.UnknownKey,
                $"unknown matrix axis '{name}'{EditDistance.Suggestion(name, known)}; an axis is a section ({string.Join(", ", SpecSchema.SettingSections)}) or section.key (such as method.lambda0 or training.seed)",
                entry.Key.Span));
            return null;
        }
        if (entry.Value is not SpecSequence { Items.Count: > 0 } sequence)
        {
            problems.Add(new SpecProblem(ProblemIds.WrongType, $"matrix.{name} must be a non-empty list of values, got {SpecText.Describe(entry.Value)}", entry.Value.Span));
            return null;
        }
        var values = new List<SpecNode>();
        foreach (var value in sequence.Items)
        {
            // A section takes mappings to merge in; a key takes what that key holds, which is never a mapping.
            if ((key is null) == (value is SpecMapping))
                values.Add(value);
            else if (key is null)
                problems.Add(new SpecProblem(ProblemIds.WrongType, $"matrix.{name} values must be mappings of {section} keys, got {SpecText.Describe(value)}", value.Span));
            else
                problems.Add(new SpecProblem(ProblemIds.WrongType, $"matrix.{name} values must be texts, numbers or lists, got a mapping", value.Span));
        }
        return values.Count > 0 ? new MatrixAxis(entry.Key, section, key, values) : null;
    }
}
