using System.Collections.Generic;
using System.Linq;

namespace IsdaDsl.Spec;

/// <summary>
/// One axis of a <c>matrix</c>: a whole section (<see cref="Key"/> null), whose values are mappings merged into it,
/// or one key of a section, whose values replace that key. Values keep their spans: a bad one is found in the matrix.
/// </summary>
internal sealed record MatrixAxis(SpecScalar Name, string Section, string? Key, IReadOnlyList<SpecNode> Values)
{
    /// <summary>The spec with <paramref name="value"/> set on this axis.</summary>
    public SpecMapping Apply(SpecMapping spec, SpecNode value) =>
        SpecMerge.Merge(spec, Single(Section, Key is null ? value : Single(Key, value)));

    /// <summary>
    /// The value's part of an experiment name: the chosen component ("isda"), the key and its value ("lambda0-0.5"),
    /// or a mapping's keys and values ("epochs-10-seed-1"); a value such as a path is reduced to the characters a
    /// name may hold ("/data/a" → "data-a"), so that the name stays one folder (<see cref="ExperimentName"/>).
    /// </summary>
    public string Label(SpecNode value)
    {
        if (Key is not null)
            return Key + "-" + Safe(Text(value));
        if (SpecSchema.ComponentKey(Section) is { } componentKey && value is SpecMapping mapping && mapping.Find(componentKey) is SpecScalar { IsNull: false } chosen)
            return Safe(chosen.Value);
        return Safe(Text(value));
    }

    // Lower-case; every run of other characters becomes one '-', none at either end.
    private static string Safe(string text)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            var kept = c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '_' or '-' ? c : '-';
            if (kept != '-' || (builder.Length > 0 && builder[builder.Length - 1] != '-'))
                builder.Append(kept);
        }
        return builder.ToString().Trim('-');
    }

    // The key carries the axis's span, so a problem with the key itself (a parameter of another method) is found at the axis.
    private SpecMapping Single(string key, SpecNode value) =>
        new(new EquatableArray<SpecEntry>([new SpecEntry(Name with { Value = key }, value)]), Name.Span);

    private static string Text(SpecNode node) => node switch
    {
        SpecScalar scalar => scalar.Value,
        SpecSequence sequence => string.Join("-", sequence.Items.Select(Text)),
        SpecMapping mapping => string.Join("-", mapping.Entries.Select(e => e.Key.Value + "-" + Text(e.Value))),
        _ => "",
    };
}
