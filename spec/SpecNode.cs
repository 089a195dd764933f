namespace IsdaDsl.Spec;

/// <summary>A YAML node with its position; the validator sees only these, never YamlDotNet types.</summary>
public abstract record SpecNode(SourceSpan Span);

/// <summary>A scalar; <see cref="IsNull"/> for <c>null</c>, <c>~</c> or an empty value.</summary>
public sealed record SpecScalar(string Value, bool IsNull, SourceSpan Span) : SpecNode(Span);

/// <summary>A sequence of nodes.</summary>
public sealed record SpecSequence(EquatableArray<SpecNode> Items, SourceSpan Span) : SpecNode(Span);

/// <summary>A mapping whose keys are scalars, in file order.</summary>
public sealed record SpecMapping(EquatableArray<SpecEntry> Entries, SourceSpan Span) : SpecNode(Span)
{
    /// <summary>The value of <paramref name="key"/>, when the mapping has that key.</summary>
    public SpecNode? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key.Value == key)
                return entry.Value;
        }
        return null;
    }
}

/// <summary>One key/value pair of a mapping.</summary>
public sealed record SpecEntry(SpecScalar Key, SpecNode Value);
