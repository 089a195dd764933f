using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Settings;

namespace IsdaDsl.Runtime.Methods;

/// <summary>All training methods marked with <see cref="TrainingMethodAttribute"/> in the runtime assembly, by name.</summary>
public static class MethodCatalog
{
    private static readonly PluginCatalog<ITrainingMethodFactory> All =
        PluginCatalog<ITrainingMethodFactory>.Discover<TrainingMethodAttribute>("method", a => a.Name);

    /// <summary>The known method names, sorted.</summary>
    public static IReadOnlyList<string> Names => All.Names;

    /// <summary>Builds method <paramref name="name"/> with <paramref name="parameters"/>.</summary>
    public static ITrainingMethod Create(string name, Parameters parameters, MethodContext context) =>
        All.Build(name, parameters, factory => factory.Create(parameters, context));

    /// <summary>Builds the method a run's settings name.</summary>
    public static ITrainingMethod Create(ComponentSettings method, MethodContext context) =>
        Create(method.Name, Parameters.ForMethod(method.Name, method.Parameters), context);
}
