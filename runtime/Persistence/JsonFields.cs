using System.Reflection;
using System.Text.Json.Serialization;

namespace IsdaDsl.Runtime.Persistence;

/// <summary>
/// The properties of a record that carry a <see cref="JsonPropertyNameAttribute"/>, with that name, in declaration
/// order: the fields its JSON line has, and so the columns of a CSV beside it or the items of a comparison of two.
/// </summary>
internal static class JsonFields
{
    /// <summary>The JSON-named public instance properties of <paramref name="type"/>, in declaration order.</summary>
    public static IReadOnlyList<(string Name, PropertyInfo Property)> Of(Type type) => type
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => (Attribute: p.GetCustomAttribute<JsonPropertyNameAttribute>(), Property: p))
        .Where(f => f.Attribute is not null)
        .OrderBy(f => f.Property.MetadataToken)
        .Select(f => (f.Attribute!.Name, f.Property))
        .ToList();
}
