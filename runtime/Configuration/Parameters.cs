using System.Globalization;
using IsdaDsl.Spec;

namespace IsdaDsl.Runtime.Configuration;

/// <summary>
/// The parameters of one pluggable component (an architecture, a training method), checked against the component's
/// declaration in <see cref="SpecSchema"/> — the same types, defaults, ranges and cross-parameter rules a spec is
/// validated with at build time, with the same words. Everything is checked when the parameters are made, so a
/// component never starts building from a value the DSL would reject; its typed getters then return the given value
/// or the declared default. <see cref="EnsureAllUsed"/> catches a component that ignores one of its declared parameters.
/// </summary>
public sealed class Parameters
{
    private readonly IReadOnlyDictionary<string, ParameterRule> rules;
    private readonly Dictionary<string, string> values;
    private readonly HashSet<string> used = new(StringComparer.Ordinal);

    private Parameters(string kind, string name, IReadOnlyDictionary<string, IReadOnlyList<ParameterRule>> declared, IReadOnlyDictionary<string, string>? given)
    {
        Owner = $"{kind} {name}";
        if (!declared.TryGetValue(name, out var declaration))
            throw new ArgumentException($"unknown {kind} '{name}'; known: {string.Join(", ", declared.Keys.Order(StringComparer.Ordinal))}");
        Declaration = declaration;
        rules = declaration.ToDictionary(rule => rule.Key, StringComparer.Ordinal);
        values = given is null ? new(StringComparer.Ordinal) : new(given, StringComparer.Ordinal);
        var unknown = values.Keys.Where(key => !rules.ContainsKey(key)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"{Owner}: unknown parameter(s) {string.Join(", ", unknown)}; it takes {(rules.Count == 0 ? "no parameters" : string.Join(", ", rules.Keys))}");
        var numbers = declaration.Where(rule => rule.Kind.IsNumeric()).ToDictionary(rule => rule.Key, rule => Number(rule), StringComparer.Ordinal);
        foreach (var rule in declaration.Where(rule => rule.Kind == ValueKind.Choice))
            Choice(rule);
        foreach (var rule in declaration.Where(rule => rule.Kind == ValueKind.Experiment))
            ExperimentName(rule);
        foreach (var constraint in SpecSchema.Constraints.Where(c => c.Component == name && rules.ContainsKey(c.Key)))
        {
            if (!constraint.Holds(numbers))
                throw new ArgumentException($"{Owner}: {constraint.Key} {constraint.Rule}, got {Text(constraint.Key)}");
        }
    }

    /// <summary>The parameters of architecture <paramref name="name"/>: <paramref name="values"/> by key, the rest defaults.</summary>
    public static Parameters ForArchitecture(string name, IReadOnlyDictionary<string, string>? values = null) =>
        new("architecture", name, SpecSchema.Architectures, values);

    /// <summary>The parameters of training method <paramref name="name"/>: <paramref name="values"/> by key, the rest defaults.</summary>
    public static Parameters ForMethod(string name, IReadOnlyDictionary<string, string>? values = null) =>
        new("method", name, SpecSchema.Methods, values);

    /// <summary>The parameters of a reconstruction (docs/method.md §10): <paramref name="values"/> by key, the rest defaults.</summary>
    public static Parameters ForReconstruction(IReadOnlyDictionary<string, string>? values = null) =>
        new("section", "reconstruction", new Dictionary<string, IReadOnlyList<ParameterRule>> { ["reconstruction"] = SpecSchema.Reconstruction }, values);

    /// <summary>The component these parameters belong to, e.g. "architecture resnet".</summary>
    public string Owner { get; }

    /// <summary>The component's declared parameters, in declaration order.</summary>
    public IReadOnlyList<ParameterRule> Declaration { get; private set; } = [];

    /// <summary>Integer parameter <paramref name="key"/>.</summary>
    public int GetInt(string key) => (int)Number(Rule(key, ValueKind.Integer));

    /// <summary>Real-number parameter <paramref name="key"/>.</summary>
    public double GetDouble(string key) => Number(Rule(key, ValueKind.Number));

    /// <summary>Choice parameter <paramref name="key"/>, as the declaration spells it.</summary>
    public string GetChoice(string key) => Choice(Rule(key, ValueKind.Choice));

    /// <summary>Text parameter <paramref name="key"/>: a choice as the declaration spells it, or the name of another experiment.</summary>
    public string GetText(string key)
    {
        used.Add(key);
        return rules.TryGetValue(key, out var rule) && rule.Kind is ValueKind.Choice or ValueKind.Experiment
            ? rule.Kind == ValueKind.Choice ? Choice(rule) : ExperimentName(rule)
            : throw new InvalidOperationException($"{Owner} reads text parameter '{key}', which its declaration in SpecSchema does not have");
    }

    /// <summary>Throws when the component did not read one of its declared parameters: the DSL would offer a key that does nothing.</summary>
    public void EnsureAllUsed()
    {
        var ignored = rules.Keys.Where(key => !used.Contains(key)).ToList();
        if (ignored.Count > 0)
            throw new InvalidOperationException($"{Owner} ignores its declared parameter(s) {string.Join(", ", ignored)}");
    }

    private ParameterRule Rule(string key, ValueKind kind)
    {
        used.Add(key);
        return rules.TryGetValue(key, out var rule) && rule.Kind == kind
            ? rule
            : throw new InvalidOperationException($"{Owner} reads {kind} parameter '{key}', which its declaration in SpecSchema does not have");
    }

    private string Text(string key) => values.TryGetValue(key, out var raw) ? raw : rules[key].Default;

    private double Number(ParameterRule rule)
    {
        var raw = Text(rule.Key).Trim();
        double value;
        var ok = rule.Kind == ValueKind.Integer ? TryInteger(raw, out value) : NumberText.TryParse(raw, out value);
        if (!ok)
            throw new ArgumentException($"{Owner}: parameter '{rule.Key}' = '{raw}' is not {(rule.Kind == ValueKind.Integer ? "an integer" : "a finite number")}");
        return rule.Check(value) is { } reason ? throw new ArgumentException($"{Owner}: {rule.Key} {reason}, got {raw}") : value;
    }

    private static bool TryInteger(string raw, out double value)
    {
        var ok = int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer);
        value = integer;
        return ok;
    }

    private string ExperimentName(ParameterRule rule)
    {
        var raw = Text(rule.Key).Trim();
        var reason = raw.Length == 0 ? $"is required: the name of an experiment of kind {rule.ReferencedKind}" : IsdaDsl.Spec.ExperimentName.Check(raw);
        return reason is null ? raw : throw new ArgumentException($"{Owner}: {rule.Key} {reason}, got '{raw}'");
    }

    private string Choice(ParameterRule rule)
    {
        var raw = Text(rule.Key).Trim();
        return rule.Choices.FirstOrDefault(choice => string.Equals(choice, raw, StringComparison.Ordinal))
            ?? throw new ArgumentException($"{Owner}: parameter '{rule.Key}' = '{raw}' is not one of {string.Join(", ", rule.Choices)}");
    }
}
