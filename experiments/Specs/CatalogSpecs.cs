using IsdaDsl.Spec;

namespace IsdaDsl.Experiments.Specs;

/// <summary>The experiments of the generated catalog (<see cref="SpecCatalog.Generated"/>), by name, as resolved YAML and as specs.</summary>
internal static class CatalogSpecs
{
    /// <summary>What `isda run` trains when no experiment is named: ISDA on Fashion-MNIST, about 8 minutes on 2 cores.</summary>
    public const string DefaultExperiment = "fashion-mnist-resnet8-isda";

    public static IReadOnlyList<string> Names => SpecCatalog.Generated.Names;

    /// <summary>The experiment's spec with every default written out; an unknown name is an error suggesting the nearest names.</summary>
    public static string Yaml(string name) => SpecCatalog.Generated.Yaml(name);

    /// <summary>The experiment as the build validated it.</summary>
    public static ExperimentSpec Read(string name) => SpecCatalog.Generated.Read(name);
}
