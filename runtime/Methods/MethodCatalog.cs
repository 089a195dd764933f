using IsdaDsl.Runtime.Configuration;

namespace IsdaDsl.Runtime.Methods;

/// <summary>All training methods marked with <see cref="TrainingMethodAttribute"/> in the runtime assembly, by name.</summary>
public static class MethodCatalog
{
    private static readonly Lazy<IReadOnlyDictionary<string, ITrainingMethodFactory>> All = new(() =>
        PluginDiscovery.Find<TrainingMethodAttribute, ITrainingMethodFactory>(a => a.Name));

    /// <summary>The known method names, sorted.</summary>
    public static IReadOnlyList<string> Names => All.Value.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Builds method <paramref name="name"/> with <paramref name="parameters"/>.</summary>
    public static ITrainingMethod Create(string name, Parameters parameters, MethodContext context)
    {
        if (!All.Value.TryGetValue(name, out var factory))
            throw new ArgumentException($"unknown method '{name}'; known: {string.Join(", ", Names)}");
        var method = factory.Create(parameters, context);
        try
        {
            parameters.EnsureAllUsed();
        }
        catch
        {
            method.Dispose();
            throw;
        }
        return method;
    }
}
