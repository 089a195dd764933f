using System.Reflection;

namespace IsdaDsl.Runtime.Configuration;

/// <summary>
/// The implementations of one seam (architectures, training methods) found in the runtime assembly by their naming
/// attribute, and the build step they share: pick by name, build, reject parameters the component did not read.
/// </summary>
internal sealed class PluginCatalog<TSeam>
{
    private readonly string kind;
    private readonly Lazy<IReadOnlyDictionary<string, TSeam>> all;

    private PluginCatalog(string kind, Func<IReadOnlyDictionary<string, TSeam>> discover)
    {
        this.kind = kind;
        all = new(discover);
    }

    /// <summary>The catalog of every concrete <typeparamref name="TSeam"/> class marked with <typeparamref name="TAttribute"/>.</summary>
    public static PluginCatalog<TSeam> Discover<TAttribute>(string kind, Func<TAttribute, string> nameOf)
        where TAttribute : Attribute => new(kind, () =>
    {
        var found = new Dictionary<string, TSeam>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in typeof(PluginCatalog<TSeam>).Assembly.GetTypes())
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
    });

    /// <summary>The known names, sorted.</summary>
    public IReadOnlyList<string> Names => all.Value.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Builds with the implementation named <paramref name="name"/>; when <paramref name="parameters"/> hold a key
    /// the build did not read, disposes what it built and throws naming the key.
    /// </summary>
    public TProduct Build<TProduct>(string name, Parameters parameters, Func<TSeam, TProduct> build)
        where TProduct : IDisposable
    {
        if (!all.Value.TryGetValue(name, out var implementation))
            throw new ArgumentException($"unknown {kind} '{name}'; known: {string.Join(", ", Names)}");
        var product = build(implementation);
        try
        {
            parameters.EnsureAllUsed();
        }
        catch
        {
            product.Dispose();
            throw;
        }
        return product;
    }
}
