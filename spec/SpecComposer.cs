using System.Collections.Generic;
using System.Linq;

namespace IsdaDsl.Spec;

/// <summary>
/// Resolves <c>extends</c>: each base in order, with its own bases merged in, then the spec's own keys over them.
/// Problems in a base's own <c>extends</c> belong to the base, which reports them when it is read itself.
/// </summary>
internal static class SpecComposer
{
    /// <summary>Keys that belong to one file and are never inherited.</summary>
    private static readonly string[] OwnKeys = ["name", "extends", "matrix"];

    public static Composition Compose(ParsedSpec file, SpecMapping own, SpecLibrary library)
    {
        var problems = new List<SpecProblem>();
        var merged = Empty(own.Span);
        var extensions = new List<Extension>();
        foreach (var entry in Entries(own, problems))
        {
            var target = library.Find(SpecPath.Resolve(file.Path, entry.Value));
            if (target is null)
            {
                problems.Add(NotFound(file, entry, library));
                continue;
            }
            var walk = new Walk(file, library);
            if (walk.Inherit(target, [file]) is { } inherited)
                merged = SpecMerge.Merge(merged, inherited);
            foreach (var cycle in walk.Cycles)
            {
                problems.Add(new SpecProblem(ProblemIds.ExtendsCycle,
                    $"extends cycle: {string.Join(" → ", cycle.Select(f => SpecPath.RelativeTo(file.Path, f.Path)))}; a spec cannot extend itself, directly or through its bases", entry.Span));
            }
            extensions.Add(new Extension(entry, walk.Reached));
        }
        return new Composition(SpecMerge.Merge(merged, own), extensions, problems);
    }

    /// <summary>The paths <c>extends</c> names: one text or a list of texts (ISDA003 otherwise).</summary>
    private static IReadOnlyList<SpecScalar> Entries(SpecMapping spec, List<SpecProblem> problems)
    {
        var entries = new List<SpecScalar>();
        switch (spec.Find("extends"))
        {
            case null or SpecScalar { IsNull: true }:
                break;
            case SpecScalar scalar:
                entries.Add(scalar);
                break;
            case SpecSequence sequence:
                foreach (var item in sequence.Items)
                {
                    if (item is SpecScalar { IsNull: false } path)
                        entries.Add(path);
                    else
                        problems.Add(WrongType(item));
                }
                break;
            case var node:
                problems.Add(WrongType(node));
                break;
        }
        return entries;
    }

    private static SpecProblem WrongType(SpecNode node) =>
        new(ProblemIds.WrongType, $"extends must be a path or a list of paths (relative to this file), got {SpecText.Describe(node)}", node.Span);

    private static SpecProblem NotFound(ParsedSpec file, SpecScalar entry, SpecLibrary library)
    {
        var resolved = SpecPath.Resolve(file.Path, entry.Value);
        var wanted = SpecPath.RelativeTo(file.Path, resolved);
        var nearest = library.Files
            .Where(f => f.Path != file.Path)
            .Select(f => SpecPath.RelativeTo(file.Path, f.Path))
            .OrderBy(name => EditDistance.Between(wanted, name))
            .ThenBy(name => name, System.StringComparer.Ordinal)
            .Take(3)
            .ToList();
        var known = nearest.Count > 0 ? $"nearest spec files: {string.Join(", ", nearest)}" : "the project has no other spec file";
        return new SpecProblem(ProblemIds.ExtendsNotFound,
            $"extends target '{entry.Value}' not found: no spec file {resolved}; {known}; a base must be a .yaml file the project picks up (under experiments/, not in bin/ or obj/)",
            entry.Span);
    }

    private static SpecMapping Empty(SourceSpan span) => new(EquatableArray<SpecEntry>.Empty, span);

    /// <summary>Follows one <c>extends</c> entry down its chain of bases, noting the files reached and cycles back to the spec.</summary>
    private sealed class Walk(ParsedSpec root, SpecLibrary library)
    {
        // Each base reached, merged once: bases that share a base (a diamond) cost no more than a chain.
        private readonly Dictionary<string, SpecMapping> _inherited = [];

        public IReadOnlyList<string> Reached => _inherited.Keys.ToList();

        public List<IReadOnlyList<ParsedSpec>> Cycles { get; } = [];

        /// <summary>The base's tree with its own bases merged in; null when it adds nothing.</summary>
        public SpecMapping? Inherit(ParsedSpec target, IReadOnlyList<ParsedSpec> chain)
        {
            if (target.Path == root.Path)
            {
                Cycles.Add([.. chain, target]);
                return null;
            }
            // A cycle among the bases, or a base that is not a mapping: those files report it themselves.
            if (chain.Any(f => f.Path == target.Path) || target.Mapping is not { } own)
                return null;
            if (_inherited.TryGetValue(target.Path, out var known))
                return known;
            var merged = Empty(own.Span);
            // Problems with the base's own extends are the base's to report: they are dropped here.
            foreach (var entry in Entries(own, []))
            {
                if (library.Find(SpecPath.Resolve(target.Path, entry.Value)) is { } next && Inherit(next, [.. chain, target]) is { } inherited)
                    merged = SpecMerge.Merge(merged, inherited);
            }
            return _inherited[target.Path] = SpecMerge.Merge(merged, SpecMerge.Without(own, OwnKeys));
        }
    }
}
