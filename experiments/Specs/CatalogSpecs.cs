using IsdaDsl.Experiments.Generated;
using IsdaDsl.Generator.Spec;

namespace IsdaDsl.Experiments.Specs;

/// <summary>The experiments of the generated catalog, by name, as resolved YAML and as specs.</summary>
internal static class CatalogSpecs
{
    /// <summary>What `isda run` trains when no experiment is named: ISDA on Fashion-MNIST, about 8 minutes on 2 cores.</summary>
    public const string DefaultExperiment = "fashion-mnist-resnet8-isda";

    public static IReadOnlyList<string> Names { get; } = ExperimentCatalog.ResolvedYaml.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The experiment's spec with every default written out; an unknown name is an error suggesting the nearest names.</summary>
    public static string Yaml(string name) =>
        ExperimentCatalog.ResolvedYaml.TryGetValue(name, out var yaml)
            ? yaml
            : throw new ArgumentException($"unknown experiment '{name}'{NameSuggestions.Hint(name, Names)}");

    /// <summary>The experiment as the build validated it.</summary>
    public static ExperimentSpec Read(string name) => SpecOverrides.Apply(name, Yaml(name), []);
}
