using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace IsdaDsl.Spec;

/// <summary>
/// Reads typed values from one section of a spec, recording a problem and falling back to the default for each
/// value that is missing (silently), of the wrong type (ISDA003) or out of range (ISDA004).
/// </summary>
public sealed class SectionReader
{
    private readonly string _section;
    private readonly IReadOnlyList<SpecEntry> _entries;
    private readonly List<SpecProblem> _problems;

    private SectionReader(string section, IReadOnlyList<SpecEntry> entries, List<SpecProblem> problems)
    {
        _section = section;
        _entries = entries;
        _problems = problems;
    }

    /// <summary>The reader of section <paramref name="section"/> of <paramref name="root"/>; empty when absent or null.</summary>
    public static SectionReader Open(SpecMapping root, string section, List<SpecProblem> problems)
    {
        var node = root.Find(section);
        switch (node)
        {
            case SpecMapping mapping:
                return new SectionReader(section, mapping.Entries, problems);
            case null:
            case SpecScalar { IsNull: true }:
                return new SectionReader(section, [], problems);
            default:
                problems.Add(new SpecProblem(ProblemIds.WrongType, $"'{section}' must be a mapping of keys to values", node.Span));
                return new SectionReader(section, [], problems);
        }
    }

    /// <summary>The section's name, as messages write it ("method").</summary>
    public string Name => _section;

    /// <summary>A reader of the same section that records its problems into <paramref name="problems"/>: for trial reads.</summary>
    public SectionReader RecordingInto(List<SpecProblem> problems) => new(_section, _entries, problems);

    /// <summary>Records <paramref name="problem"/> with this section's problems.</summary>
    public void Add(SpecProblem problem) => _problems.Add(problem);

    /// <summary>The node of <paramref name="key"/>, when the spec gives one that is not null.</summary>
    public SpecNode? Find(string key) =>
        _entries.FirstOrDefault(e => e.Key.Value == key)?.Value is { } node and not SpecScalar { IsNull: true } ? node : null;

    public int Int(string key, int fallback, ValueRange? range = null) =>
        Read(key, fallback, "an integer", s => (int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v), v), v => range?.Check(v));

    public double Number(string key, double fallback, ValueRange? range = null) =>
        Read(key, fallback, "a number (a decimal or a fraction such as 1/6)", s => (NumberText.TryParse(s, out var v), v), v => range?.Check(v));

    /// <summary>A number, or null when the key is absent or null (an optional value with no default).</summary>
    public double? OptionalNumber(string key, ValueRange range) =>
        Find(key) is null ? null : Number(key, 0, range);

    public bool Bool(string key, bool fallback) =>
        Read(key, fallback, "true or false", s => s.ToLowerInvariant() switch
        {
            "true" => (true, true),
            "false" => (true, false),
            _ => (false, false),
        }, _ => null);

    public string? Text(string key, string? fallback) => Read(key, fallback, "a text", s => (true, s), _ => null);

    /// <summary>One of <paramref name="allowed"/> (ISDA005 otherwise, suggesting the nearest).</summary>
    public string Choice(string key, string fallback, IReadOnlyList<string> allowed, string what)
    {
        var value = Text(key, fallback) ?? fallback;
        if (allowed.Contains(value))
            return value;
        _problems.Add(new SpecProblem(ProblemIds.UnknownName,
            $"unknown {what} '{value}'{EditDistance.Suggestion(value, allowed)}; known: {string.Join(", ", allowed)}", Find(key)!.Span));
        return fallback;
    }

    /// <summary>
    /// Whether <paramref name="key"/> was read as <paramref name="value"/>: absent (the default) or given as exactly
    /// that. False when an unknown or ill-typed value fell back to the default, which must not be judged further.
    /// </summary>
    public bool ReadAs(string key, string value) => Find(key) switch
    {
        null => true,
        SpecScalar given => given.Value == value,
        _ => false,
    };

    /// <summary>A list of integers with each item's position, or null when absent (ISDA003 when not a list of integers).</summary>
    public IReadOnlyList<(int Value, SourceSpan Span)>? IntList(string key)
    {
        var node = Find(key);
        if (node is null)
            return null;
        var items = new List<(int, SourceSpan)>();
        if (node is SpecSequence sequence)
        {
            foreach (var item in sequence.Items)
            {
                if (item is SpecScalar { IsNull: false } scalar && int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
                    items.Add((v, item.Span));
                else
                    _problems.Add(new SpecProblem(ProblemIds.WrongType, $"{_section}.{key} must be a list of integers, got {SpecText.Describe(item)}", item.Span));
            }
            return items;
        }
        _problems.Add(new SpecProblem(ProblemIds.WrongType, $"{_section}.{key} must be a list of integers, got {SpecText.Describe(node)}", node.Span));
        return null;
    }

    /// <summary>Adds an out-of-range problem at <paramref name="span"/>.</summary>
    public void OutOfRange(string key, string rule, string value, SourceSpan span) =>
        _problems.Add(new SpecProblem(ProblemIds.OutOfRange, $"{_section}.{key} {rule}, got {value}", span));

    /// <summary>
    /// Reports every key not in <paramref name="allowed"/>: ISDA006 when <paramref name="ownerOf"/> names another
    /// component it belongs to (<paramref name="chosen"/> is the one in use), ISDA002 with a suggestion otherwise.
    /// </summary>
    public void RejectUnknownKeys(IReadOnlyList<string> allowed, Func<string, string?>? ownerOf = null, string? chosen = null)
    {
        foreach (var entry in _entries)
        {
            var key = entry.Key.Value;
            if (allowed.Contains(key))
                continue;
            if (ownerOf?.Invoke(key) is { } owner)
            {
                // A null parameter of another component is left out: that is how a spec drops one it inherits.
                if (entry.Value is not SpecScalar { IsNull: true })
                    _problems.Add(new SpecProblem(ProblemIds.ForeignParameter,
                        $"{_section}.{key} belongs to {owner}, not to {chosen}; {chosen} takes: {(allowed.Count > 1 ? string.Join(", ", allowed.Skip(1)) : "no parameters")}", entry.Key.Span));
            }
            else
                _problems.Add(new SpecProblem(ProblemIds.UnknownKey,
                    $"unknown key '{key}' in '{_section}'{EditDistance.Suggestion(key, allowed)}; allowed: {string.Join(", ", allowed)}", entry.Key.Span));
        }
    }

    private T Read<T>(string key, T fallback, string expected, Func<string, (bool Ok, T Value)> parse, Func<T, string?> check)
    {
        var node = Find(key);
        if (node is null)
            return fallback;
        if (node is not SpecScalar scalar)
        {
            _problems.Add(new SpecProblem(ProblemIds.WrongType, $"{_section}.{key} must be {expected}, got {SpecText.Describe(node)}", node.Span));
            return fallback;
        }
        var (ok, value) = parse(scalar.Value);
        if (!ok)
        {
            _problems.Add(new SpecProblem(ProblemIds.WrongType, $"{_section}.{key} must be {expected}, got '{scalar.Value}'", node.Span));
            return fallback;
        }
        if (check(value) is { } rule)
        {
            OutOfRange(key, rule, scalar.Value, node.Span);
            return fallback;
        }
        return value;
    }
}
