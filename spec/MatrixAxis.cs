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
    /// or a mapping's keys and values ("epochs-10-seed-1").
    /// </summary>
    public string Label(SpecNode value)
    {
        if (Key is not null)
            return Key + "-" + Text(value);
        if (SpecSchema.ComponentKey(Section) is { } componentKey && value is SpecMapping mapping && mapping.Find(componentKey) is SpecScalar { IsNull: false } chosen)
            return chosen.Value;
        return Text(value);
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
