namespace IsdaDsl.Spec;

/// <summary>
/// Where a node sits: character offset and length, 0-based line/column of both ends, and the file it was read from
/// (null: the spec being read). With <c>extends</c>, one merged spec holds nodes of several files.
/// </summary>
public readonly record struct SourceSpan(int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn, string? File = null)
{
    /// <summary>The very start of a file, for problems that belong to the file as a whole.</summary>
    public static SourceSpan FileStart => default;

    /// <summary>"(5,12)": the 1-based line and column, as compilers print them.</summary>
    public string Position => $"({StartLine + 1},{StartColumn + 1})";
}
