using System.Collections.Generic;
using System.Linq;

namespace IsdaDsl.Spec;

/// <summary>
/// Deep merge of spec trees, for <c>extends</c> and <c>matrix</c>: mappings merge key by key, anything else (a
/// scalar, null included, or a list) replaces. Nodes keep their spans, so a problem is found where it was written.
/// </summary>
public static class SpecMerge
{
    public static SpecMapping Merge(SpecMapping earlier, SpecMapping later)
    {
        var entries = earlier.Entries.ToList();
        foreach (var entry in later.Entries)
        {
            var index = entries.FindIndex(e => e.Key.Value == entry.Key.Value);
            if (index < 0)
                entries.Add(entry);
            else
                entries[index] = new SpecEntry(entry.Key, Merge(entries[index].Value, entry.Value));
        }
        return new SpecMapping(new EquatableArray<SpecEntry>(entries), later.Span);
    }

    public static SpecNode Merge(SpecNode earlier, SpecNode later) =>
        earlier is SpecMapping a && later is SpecMapping b ? Merge(a, b) : later;

    /// <summary>The mapping without <paramref name="keys"/>.</summary>
    public static SpecMapping Without(SpecMapping mapping, IReadOnlyCollection<string> keys) =>
        new(new EquatableArray<SpecEntry>(mapping.Entries.Where(e => !keys.Contains(e.Key.Value))), mapping.Span);
}
