using System.Reflection;

namespace IsdaDsl.Runtime.Configuration;

/// <summary>Finds the classes of the runtime assembly that carry a naming attribute and implement a seam.</summary>
internal static class PluginDiscovery
{
    public static IReadOnlyDictionary<string, TSeam> Find<TAttribute, TSeam>(Func<TAttribute, string> nameOf)
        where TAttribute : Attribute
    {
        var found = new Dictionary<string, TSeam>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in typeof(PluginDiscovery).Assembly.GetTypes())
        {
            if (type.GetCustomAttribute<TAttribute>() is not { } attribute)
                continue;
            if (!typeof(TSeam).IsAssignableFrom(type) || type.IsAbstract)
                throw new InvalidOperationException($"{type.FullName} is marked [{typeof(TAttribute).Name}] but is not a concrete {typeof(TSeam).Name}");
            var name = nameOf(attribute);
            if (!found.TryAdd(name, (TSeam)Activator.CreateInstance(type)!))
                throw new InvalidOperationException($"two {typeof(TSeam).Name} implementations are named '{name}'");
        }
        return found;
    }
}
