using IsdaDsl.Spec;

namespace IsdaDsl.Experiments.Specs;

/// <summary>An experiment of the catalog as a command asks for it: its spec with the effective `--set` overrides applied.</summary>
internal sealed record ExperimentRequest(ExperimentSpec Spec, IReadOnlyList<SpecOverride> Overrides)
{
    public string Name => Spec.Name;

    /// <summary>Applies <paramref name="overrides"/> to experiment <paramref name="name"/> of the generated catalog and validates the result.</summary>
    public static ExperimentRequest Resolve(string name, IEnumerable<SpecOverride> overrides) => Resolve(SpecCatalog.Generated, name, overrides);

    /// <summary>Applies <paramref name="overrides"/> to experiment <paramref name="name"/> of <paramref name="catalog"/> and validates the result.</summary>
    public static ExperimentRequest Resolve(SpecCatalog catalog, string name, IEnumerable<SpecOverride> overrides)
    {
        var effective = SpecOverride.Effective(overrides);
        return new ExperimentRequest(catalog.Read(name, effective), effective);
    }
}
