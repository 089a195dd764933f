using System.Reflection;
using IsdaDsl.Spec;

namespace IsdaDsl.Runtime.Configuration;

/// <summary>
/// The typed options records of one seam (architectures, training methods) found in the runtime assembly by their
/// naming attribute, and the step they share: bind a component's checked <see cref="Parameters"/> to its record,
/// each positional parameter from the declared parameter whose key it spells in PascalCase.
/// </summary>
internal sealed class PluginCatalog<TOptions> where TOptions : class
{
    private readonly string kind;
    private readonly Lazy<IReadOnlyDictionary<string, Type>> all;

    private PluginCatalog(string kind, Func<IReadOnlyDictionary<string, Type>> discover)
    {
        this.kind = kind;
        all = new(discover);
    }

    /// <summary>The catalog of every concrete <typeparamref name="TOptions"/> record marked with <typeparamref name="TAttribute"/>.</summary>
    public static PluginCatalog<TOptions> Discover<TAttribute>(string kind, Func<TAttribute, string> nameOf)
        where TAttribute : Attribute => new(kind, () =>
    {
        var found = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var type in typeof(PluginCatalog<TOptions>).Assembly.GetTypes())
        {
            if (type.GetCustomAttribute<TAttribute>() is not { } attribute)
                continue;
            if (!typeof(TOptions).IsAssignableFrom(type) || type.IsAbstract)
                throw new InvalidOperationException($"{type.FullName} is marked [{typeof(TAttribute).Name}] but is not a concrete {typeof(TOptions).Name}");
            var name = nameOf(attribute);
            if (!found.TryAdd(name, type))
                throw new InvalidOperationException($"two {typeof(TOptions).Name} records are named '{name}'");
        }
        return found;
    });

    /// <summary>The known names, sorted.</summary>
    public IReadOnlyList<string> Names => all.Value.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The options record of component <paramref name="name"/>.</summary>
    public Type OptionsType(string name) =>
        all.Value.TryGetValue(name, out var type)
            ? type
            : throw new ArgumentException($"unknown {kind} '{name}'; known: {string.Join(", ", Names)}");

    /// <summary>The typed options of component <paramref name="name"/> with <paramref name="parameters"/>.</summary>
    public TOptions Bind(string name, Parameters parameters)
    {
        var type = OptionsType(name);
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters().Select(p => Argument(type, p, parameters)).ToArray();
        parameters.EnsureAllUsed();
        return (TOptions)constructor.Invoke(arguments);
    }

    private static object Argument(Type options, ParameterInfo parameter, Parameters parameters)
    {
        var key = parameters.Declaration.FirstOrDefault(rule => Naming.ToPascalCase(rule.Key) == parameter.Name)?.Key
            ?? throw new InvalidOperationException($"{options.FullName}({parameter.Name}) matches no parameter SpecSchema declares for {parameters.Owner}");
        var type = parameter.ParameterType;
        if (type == typeof(int))
            return parameters.GetInt(key);
        if (type == typeof(double))
            return parameters.GetDouble(key);
        if (type == typeof(string))
            return parameters.GetText(key);
        if (type.IsEnum)
            return EnumValue(type, parameters.GetChoice(key));
        throw new InvalidOperationException($"{options.FullName}({parameter.Name}) has type {type.Name}; options take int, double, string or an enum");
    }

    /// <summary>A choice as an enum member: the member whose name is the choice in PascalCase ("diagonal" → Diagonal), as the generator writes it.</summary>
    private static object EnumValue(Type type, string choice) =>
        Enum.GetNames(type).FirstOrDefault(member => member == Naming.ToPascalCase(choice)) is { } name
            ? Enum.Parse(type, name)
            : throw new InvalidOperationException($"{type.FullName} has no member {Naming.ToPascalCase(choice)} for the choice '{choice}'");
}
