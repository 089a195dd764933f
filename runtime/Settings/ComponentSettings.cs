using System.Text.Json.Serialization;
using IsdaDsl.Runtime.Configuration;

namespace IsdaDsl.Runtime.Settings;

/// <summary>A pluggable component chosen by name, with its own parameters.</summary>
[method: JsonConstructor]
public sealed record ComponentSettings(string Name, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>A component with no parameters.</summary>
    public ComponentSettings(string name) : this(name, new Dictionary<string, string>())
    {
    }

    /// <summary>The parameters as a checked map, owned by <paramref name="kind"/> (e.g. "architecture").</summary>
    public Parameters ToParameters(string kind) => new($"{kind} {Name}", Parameters);
}
