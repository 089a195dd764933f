using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Settings;

namespace IsdaDsl.Runtime.Methods;

/// <summary>All training methods' options records marked with <see cref="TrainingMethodAttribute"/> in the runtime assembly, by name.</summary>
public static class MethodCatalog
{
    private static readonly PluginCatalog<IMethodOptions> All =
        PluginCatalog<IMethodOptions>.Discover<TrainingMethodAttribute>("method", a => a.Name);

    /// <summary>The known method names, sorted.</summary>
    public static IReadOnlyList<string> Names => All.Names;

    /// <summary>The options record of method <paramref name="name"/>.</summary>
    public static Type OptionsType(string name) => All.OptionsType(name);

    /// <summary>The typed options of method <paramref name="name"/> with <paramref name="parameters"/>.</summary>
    public static IMethodOptions Options(string name, Parameters parameters) => All.Bind(name, parameters);

    /// <summary>The typed options a run's settings name.</summary>
    public static IMethodOptions Options(ComponentSettings method) =>
        Options(method.Name, Parameters.ForMethod(method.Name, method.Parameters));

    /// <summary>Builds method <paramref name="name"/> with <paramref name="parameters"/>.</summary>
    public static ITrainingMethod Create(string name, Parameters parameters, MethodContext context) =>
        Options(name, parameters).Create(context);

    /// <summary>Builds the method a run's settings name.</summary>
    public static ITrainingMethod Create(ComponentSettings method, MethodContext context) =>
        Options(method).Create(context);
}
