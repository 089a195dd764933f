using IsdaDsl.Spec;

namespace IsdaDsl.Experiments.Specs;

/// <summary>
/// Applies `--set` overrides to an experiment's resolved YAML and validates the result with the build's own
/// <see cref="SpecValidator"/>, so an override is judged by exactly the rules and messages of a spec file.
/// </summary>
internal static class SpecOverrides
{
    // The key that chooses a component, by section. Setting it to another choice drops the section's other values
    // from the resolved YAML: they are the parameters (defaults written out) of the previous choice, and would be
    // reported as belonging to it (ISDA006). The new choice starts from its own defaults.
    private static readonly Dictionary<string, string> Selectors = new()
    {
        ["model"] = "architecture",
        ["method"] = "name",
        ["schedule"] = "kind",
    };

    /// <summary>
    /// The experiment <paramref name="name"/> (resolved YAML <paramref name="yaml"/>) with <paramref name="overrides"/>
    /// applied in order; throws <see cref="SpecProblemsException"/> with every problem, each prefixed by the override
    /// that caused it or, for one the YAML has by itself, by its place there (<paramref name="locate"/>: never empty).
    /// </summary>
    public static ExperimentSpec Apply(string name, string yaml, IReadOnlyList<SpecOverride> overrides, Func<SourceSpan, string> locate)
    {
        var (root, parseProblem) = SpecParser.Parse(yaml, name);
        if (root is not SpecMapping original)
        {
            // Not a spec at all (the build would not have written it): the parser's or the validator's word on it.
            IReadOnlyList<SpecProblem> found = root is null ? [parseProblem!] : SpecValidator.Validate(root, name, isBase: false).Problems;
            throw new SpecProblemsException(found.Select(p => $"{locate(p.Span)}: error {p.Id}: {p.Message}").ToList());
        }

        // Each override's nodes are placed past the end of the YAML, at a position of their own, so that the
        // position of a problem says which override it is about.
        var firstOverridePosition = yaml.Length + 1;
        var mapping = original;
        var problems = new List<(Culprit Culprit, SpecProblem Problem)>();
        for (var i = 0; i < overrides.Count; i++)
        {
            var value = ParseValue(overrides[i], PositionOf(firstOverridePosition + i));
            if (value.Node is null)
                problems.Add((Culprit.Override(i), value.Problem!));
            else
                mapping = Set(mapping, overrides[i], value.Node, firstOverridePosition);
        }

        // The overrides whose value does parse are still validated, so that one pass reports every problem.
        var (spec, validation) = SpecValidator.Validate(mapping, name, isBase: false);
        // A problem in the YAML that it has without the overrides too is the experiment's own, not theirs.
        var own = overrides.Count == 0 ? validation.ToHashSet() : OwnProblems(original, name, validation, overrides.Count, firstOverridePosition);
        problems.AddRange(validation.Select(p => (OverrideIndex(p, overrides.Count, firstOverridePosition) is { } i ? Culprit.Override(i)
            : own.Contains(p) ? Culprit.Spec
            : Culprit.AllOverrides, p)));
        if (problems.Count == 0)
            return spec!;
        throw new SpecProblemsException(problems
            .OrderBy(p => p.Culprit.Order(overrides.Count))
            .Select(p => $"{Describe(p.Culprit, p.Problem, overrides, locate)}: error {p.Problem.Id}: {p.Problem.Message}")
            .ToList());
    }

    /// <summary>Who a problem is put down to: the spec itself, one override, or all of them together.</summary>
    private readonly record struct Culprit(int? Index, bool IsSpec)
    {
        public static Culprit Spec => new(null, true);

        public static Culprit AllOverrides => new(null, false);

        public static Culprit Override(int index) => new(index, false);

        /// <summary>The spec's own problems first, then each override's in command-line order, then those of all.</summary>
        public int Order(int count) => IsSpec ? -1 : Index ?? count;
    }

    /// <summary>The problems of <paramref name="validation"/> not about an override that the YAML without overrides has as well.</summary>
    private static HashSet<SpecProblem> OwnProblems(SpecMapping original, string name, IReadOnlyList<SpecProblem> validation, int count, int firstOverridePosition)
    {
        if (validation.All(p => OverrideIndex(p, count, firstOverridePosition) is not null))
            return [];
        return SpecValidator.Validate(original, name, isBase: false).Problems.ToHashSet();
    }

    private static (SpecNode? Node, SpecProblem? Problem) ParseValue(SpecOverride @override, SourceSpan position)
    {
        // An empty value is YAML's null (the key takes its default); the parser would read empty text as an empty document.
        if (string.IsNullOrWhiteSpace(@override.Value))
            return (new SpecScalar("", true, position), null);
        var (node, problem) = SpecParser.Parse(@override.Value, "--set");
        return (node is null ? null : Place(node, position), problem);
    }

    private static SpecMapping Set(SpecMapping root, SpecOverride @override, SpecNode value, int firstOverridePosition)
    {
        var entry = new SpecEntry(new SpecScalar(@override.Key, false, value.Span), value);
        var sectionIndex = IndexOf(root.Entries, @override.Section);
        if (sectionIndex < 0 || root.Entries[sectionIndex].Value is not SpecMapping section)
        {
            // A section the YAML lacks is added (the validator then names the nearest valid one).
            var added = new SpecEntry(new SpecScalar(@override.Section, false, value.Span), new SpecMapping(new EquatableArray<SpecEntry>([entry]), value.Span));
            return root with { Entries = sectionIndex < 0 ? new([.. root.Entries, added]) : Replace(root.Entries, sectionIndex, added) };
        }

        IReadOnlyList<SpecEntry> entries = section.Entries;
        if (Selectors.TryGetValue(@override.Section, out var selector) && selector == @override.Key
            && IndexOf(entries, selector) is var current and >= 0 && !SameScalar(entries[current].Value, value))
            entries = entries.Where(e => e.Key.Span.Start >= firstOverridePosition).ToList();
        var keyIndex = IndexOf(entries, @override.Key);
        var updated = keyIndex < 0 ? new EquatableArray<SpecEntry>([.. entries, entry]) : Replace(entries, keyIndex, entry);
        return root with { Entries = Replace(root.Entries, sectionIndex, root.Entries[sectionIndex] with { Value = section with { Entries = updated } }) };
    }

    /// <summary>The index of the override a problem is about, or null for a problem in the YAML the overrides changed the meaning of.</summary>
    private static int? OverrideIndex(SpecProblem problem, int count, int firstOverridePosition)
    {
        var index = problem.Span.Start - firstOverridePosition;
        return index >= 0 && index < count ? index : null;
    }

    /// <summary>
    /// "--set key=value" for one override, all of them ("--set a=1 --set b=2") for a problem they cause together,
    /// or the place in the YAML for the spec's own problem.
    /// </summary>
    private static string Describe(Culprit culprit, SpecProblem problem, IReadOnlyList<SpecOverride> overrides, Func<SourceSpan, string> locate) =>
        culprit.IsSpec ? locate(problem.Span)
        : culprit.Index is { } i ? $"--set {overrides[i]}"
        : string.Join(" ", overrides.Select(o => $"--set {o}"));

    private static SourceSpan PositionOf(int start) => new(start, 0, 0, 0, 0, 0);

    private static SpecNode Place(SpecNode node, SourceSpan span) => node switch
    {
        SpecScalar scalar => scalar with { Span = span },
        SpecSequence sequence => new SpecSequence(new(sequence.Items.Select(item => Place(item, span))), span),
        SpecMapping mapping => new SpecMapping(new(mapping.Entries.Select(e => new SpecEntry((SpecScalar)Place(e.Key, span), Place(e.Value, span)))), span),
        _ => node,
    };

    private static bool SameScalar(SpecNode a, SpecNode b) =>
        a is SpecScalar x && b is SpecScalar y && x.IsNull == y.IsNull && x.Value == y.Value;

    private static int IndexOf(IReadOnlyList<SpecEntry> entries, string key)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Key.Value == key)
                return i;
        }
        return -1;
    }

    private static EquatableArray<SpecEntry> Replace(IReadOnlyList<SpecEntry> entries, int index, SpecEntry entry) =>
        new(entries.Select((e, i) => i == index ? entry : e));
}
