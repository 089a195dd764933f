using System.Text.Json.Serialization;

namespace IsdaDsl.Runtime.Settings;

/// <summary>A pluggable component chosen by name, with its own parameters.</summary>
[method: JsonConstructor]
public sealed record ComponentSettings(string Name, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>A component with no parameters.</summary>
    public ComponentSettings(string name) : this(name, new Dictionary<string, string>())
    {
    }
}
