namespace IsdaDsl.Generator.Spec;

/// <summary>Where a node sits in a spec file: character offset and length, and 0-based line/column of both ends.</summary>
public readonly record struct SourceSpan(int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    /// <summary>The very start of a file, for problems that belong to the file as a whole.</summary>
    public static SourceSpan FileStart => default;
}
