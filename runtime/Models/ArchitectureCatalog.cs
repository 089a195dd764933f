using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Settings;

namespace IsdaDsl.Runtime.Models;

/// <summary>All architectures marked with <see cref="ArchitectureAttribute"/> in the runtime assembly, by name.</summary>
public static class ArchitectureCatalog
{
    private static readonly PluginCatalog<IArchitecture> All =
        PluginCatalog<IArchitecture>.Discover<ArchitectureAttribute>("architecture", a => a.Name);

    /// <summary>The known architecture names, sorted.</summary>
    public static IReadOnlyList<string> Names => All.Names;

    /// <summary>Builds architecture <paramref name="name"/> with <paramref name="parameters"/>.</summary>
    public static ClassifierNetwork Create(string name, Parameters parameters, InputShape input, int numClasses) =>
        All.Build(name, parameters, architecture => architecture.Create(parameters, input, numClasses));

    /// <summary>Builds the architecture a run's settings name, for images of <paramref name="input"/> in <paramref name="numClasses"/> classes.</summary>
    public static ClassifierNetwork Create(ComponentSettings model, InputShape input, int numClasses) =>
        Create(model.Name, Parameters.ForArchitecture(model.Name, model.Parameters), input, numClasses);
}
