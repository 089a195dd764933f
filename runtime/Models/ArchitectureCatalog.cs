using IsdaDsl.Runtime.Configuration;

namespace IsdaDsl.Runtime.Models;

/// <summary>All architectures marked with <see cref="ArchitectureAttribute"/> in the runtime assembly, by name.</summary>
public static class ArchitectureCatalog
{
    private static readonly Lazy<IReadOnlyDictionary<string, IArchitecture>> All = new(() =>
        PluginDiscovery.Find<ArchitectureAttribute, IArchitecture>(a => a.Name));

    /// <summary>The known architecture names, sorted.</summary>
    public static IReadOnlyList<string> Names => All.Value.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Builds architecture <paramref name="name"/> with <paramref name="parameters"/>.</summary>
    public static ClassifierNetwork Create(string name, Parameters parameters, InputShape input, int numClasses)
    {
        if (!All.Value.TryGetValue(name, out var architecture))
            throw new ArgumentException($"unknown architecture '{name}'; known: {string.Join(", ", Names)}");
        var network = architecture.Create(parameters, input, numClasses);
        try
        {
            parameters.EnsureAllUsed();
        }
        catch
        {
            network.Dispose();
            throw;
        }
        return network;
    }
}
