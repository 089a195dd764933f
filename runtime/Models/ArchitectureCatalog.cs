using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Settings;

namespace IsdaDsl.Runtime.Models;

/// <summary>All architectures' options records marked with <see cref="ArchitectureAttribute"/> in the runtime assembly, by name.</summary>
public static class ArchitectureCatalog
{
    private static readonly PluginCatalog<IArchitectureOptions> All =
        PluginCatalog<IArchitectureOptions>.Discover<ArchitectureAttribute>("architecture", a => a.Name);

    /// <summary>The known architecture names, sorted.</summary>
    public static IReadOnlyList<string> Names => All.Names;

    /// <summary>The options record of architecture <paramref name="name"/>.</summary>
    public static Type OptionsType(string name) => All.OptionsType(name);

    /// <summary>The typed options of architecture <paramref name="name"/> with <paramref name="parameters"/>.</summary>
    public static IArchitectureOptions Options(string name, Parameters parameters) => All.Bind(name, parameters);

    /// <summary>The typed options a run's settings name.</summary>
    public static IArchitectureOptions Options(ComponentSettings model) =>
        Options(model.Name, Parameters.ForArchitecture(model.Name, model.Parameters));

    /// <summary>Builds architecture <paramref name="name"/> with <paramref name="parameters"/>.</summary>
    public static ClassifierNetwork Create(string name, Parameters parameters, InputShape input, int numClasses) =>
        Options(name, parameters).Create(input, numClasses);

    /// <summary>Builds the architecture a run's settings name, for images of <paramref name="input"/> in <paramref name="numClasses"/> classes.</summary>
    public static ClassifierNetwork Create(ComponentSettings model, InputShape input, int numClasses) =>
        Options(model).Create(input, numClasses);
}
