using System.Globalization;

namespace IsdaDsl.Runtime.Configuration;

/// <summary>
/// The named parameters of one pluggable component (an architecture, a training method): a flat
/// key → value map read through typed getters that reject malformed values. After the component has
/// read what it needs, <see cref="EnsureAllUsed"/> rejects keys it does not know.
/// </summary>
public sealed class Parameters
{
    private readonly Dictionary<string, string> _values;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    /// <summary>Creates the map; <paramref name="owner"/> names the component in error messages.</summary>
    public Parameters(string owner, IReadOnlyDictionary<string, string>? values = null)
    {
        Owner = owner;
        _values = values is null ? new(StringComparer.Ordinal) : new(values, StringComparer.Ordinal);
    }

    /// <summary>The component these parameters belong to, e.g. "architecture resnet".</summary>
    public string Owner { get; }

    /// <summary>All values as given, for writing the resolved settings.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>Reads an integer, or <paramref name="fallback"/> when absent.</summary>
    public int GetInt(string key, int fallback) =>
        Get(key, fallback, s => (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v), v), "an integer");

    /// <summary>Reads a real number, or <paramref name="fallback"/> when absent.</summary>
    public double GetDouble(string key, double fallback) =>
        Get(key, fallback, s => (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v), v), "a finite number");

    /// <summary>Reads one of <paramref name="allowed"/> (case-insensitive), or <paramref name="fallback"/> when absent.</summary>
    public string GetChoice(string key, string fallback, params string[] allowed) =>
        Get(key, fallback, s => allowed.FirstOrDefault(a => string.Equals(a, s, StringComparison.OrdinalIgnoreCase)) is { } match ? (true, match) : (false, ""), "one of " + string.Join(", ", allowed));

    /// <summary>Throws when a key was given that no getter asked for.</summary>
    public void EnsureAllUsed()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"{Owner}: unknown parameter(s) {string.Join(", ", unknown)}; it takes {string.Join(", ", _used.Order(StringComparer.Ordinal))}");
    }

    private T Get<T>(string key, T fallback, Func<string, (bool Ok, T Value)> parse, string expected)
    {
        _used.Add(key);
        if (!_values.TryGetValue(key, out var raw))
            return fallback;
        var (ok, value) = parse(raw.Trim());
        return ok ? value : throw new ArgumentException($"{Owner}: parameter '{key}' = '{raw}' is not {expected}");
    }
}
