using IsdaDsl.Experiments.Generated;
using IsdaDsl.Spec;

namespace IsdaDsl.Experiments.Specs;

/// <summary>
/// One experiment of a catalog: its name, its spec with every default written out (what `isda show` prints) and,
/// when known, the spec file that defines it.
/// </summary>
internal sealed record CatalogEntry(string Name, string ResolvedYaml, string? SpecPath = null);

/// <summary>
/// The experiments the commands know, by name: the generated catalog (<see cref="Generated"/>) or, in tests, any
/// list of entries. Reading one validates its resolved YAML; a problem in it is located at the experiment (and its
/// spec file), never at an empty place.
/// </summary>
internal sealed class SpecCatalog
{
    // The project whose specs the generated catalog holds; its spec files are named from the repository root.
    private const string ProjectFolder = "experiments";

    private readonly Dictionary<string, CatalogEntry> entries;

    /// <param name="entries">The experiments, with distinct names.</param>
    public SpecCatalog(IEnumerable<CatalogEntry> entries)
    {
        this.entries = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        Names = this.entries.Keys.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The catalog the build generated from experiments/**/*.yaml, each experiment with the spec file the build read.</summary>
    public static SpecCatalog Generated { get; } = new(ExperimentCatalog.ResolvedYaml.Select(e =>
        new CatalogEntry(e.Key, e.Value, $"{ProjectFolder}/{ExperimentCatalog.SpecFiles[e.Key]}")));

    /// <summary>Every name, in ordinal order.</summary>
    public IReadOnlyList<string> Names { get; }

    public bool Contains(string name) => entries.ContainsKey(name);

    /// <summary>The experiment <paramref name="name"/>; an unknown name is an error suggesting the nearest few.</summary>
    public CatalogEntry Entry(string name) =>
        entries.TryGetValue(name, out var entry)
            ? entry
            : throw new ArgumentException($"unknown experiment '{name}'{NameSuggestions.Hint(name, Names)}");

    /// <summary>The experiment's spec with every default written out, as YAML.</summary>
    public string Yaml(string name) => Entry(name).ResolvedYaml;

    /// <summary>
    /// The experiment with <paramref name="overrides"/> applied, validated; throws <see cref="SpecProblemsException"/>
    /// with every problem, located at the override that caused it or else in the experiment's resolved spec.
    /// </summary>
    public ExperimentSpec Read(string name, IReadOnlyList<SpecOverride> overrides)
    {
        var entry = Entry(name);
        var spec = SpecOverrides.Apply(entry.Name, entry.ResolvedYaml, overrides, span => Location(entry.Name, entry.SpecPath, span));
        // The build checked the references of the experiments as written; an override may name another experiment,
        // or move this one to a data set its generator was not trained on. Only then are all the others read.
        if (overrides.Count > 0 && spec.References.Any())
        {
            var targets = Targets();
            var problems = spec.References
                .Select(reference => (Reference: reference, Problem: ExperimentReferences.Check(reference, targets)))
                .Where(checkedReference => checkedReference.Problem is not null)
                .Select(checkedReference => $"{Culprit(checkedReference.Reference, overrides)}: error {checkedReference.Problem!.Id}: {checkedReference.Problem.Message}")
                .ToList();
            if (problems.Count > 0)
                throw new SpecProblemsException(problems);
        }
        return spec;
    }

    /// <summary>What each experiment of the catalog is, for the references of another; read without overrides, so never recursively.</summary>
    private Dictionary<string, ReferenceTarget> Targets() =>
        Names.Select(n => (Name: n, Spec: TryRead(n))).Where(e => e.Spec is not null)
            .ToDictionary(e => e.Name, e => ReferenceTarget.Of(e.Spec!), StringComparer.Ordinal);

    /// <summary>The override that set the reference, or all of them when none did (one moved the experiment to another data set).</summary>
    private static string Culprit(ExperimentReference reference, IReadOnlyList<SpecOverride> overrides) =>
        overrides.LastOrDefault(o => o.Path == reference.Key) is { } culprit
            ? $"--set {culprit}"
            : "--set " + string.Join(" --set ", overrides);

    /// <summary>The experiment as the build validated it.</summary>
    public ExperimentSpec Read(string name) => Read(name, []);

    /// <summary>The experiment, or null when it is unknown or its spec does not validate (the problems are left to whoever reads it).</summary>
    public ExperimentSpec? TryRead(string name)
    {
        if (!Contains(name))
            return null;
        try
        {
            return Read(name);
        }
        catch (SpecProblemsException)
        {
            return null;
        }
    }

    /// <summary>
    /// Where a problem in an experiment's resolved spec lies: "experiments/x.yaml, resolved as NAME(6,23)", or
    /// "NAME(6,23)" when the spec file is unknown. The position is the line and column in the resolved YAML (what
    /// `isda show NAME` prints): a default written out there has no place in the spec file.
    /// </summary>
    public static string Location(string name, string? specPath, SourceSpan span) =>
        specPath is null ? $"{name}{span.Position}" : $"{specPath}, resolved as {name}{span.Position}";
}
