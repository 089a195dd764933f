namespace IsdaDsl.Spec;

/// <summary>
/// One spec file, parsed once: its path (as the build names it, for locations), its path relative to the project
/// (for namespaces and base folders), and its tree or its syntax problem. Equatable, so the generator caches it.
/// </summary>
public sealed record ParsedSpec(string Path, string RelativePath, SpecNode? Root, SpecProblem? Problem)
{
    public static ParsedSpec Parse(string path, string relativePath, string text)
    {
        var (root, problem) = SpecParser.Parse(text, path);
        return new ParsedSpec(path, relativePath, root, problem);
    }

    /// <summary>A file in a <c>base</c> folder: validated, extended, but not an experiment of its own.</summary>
    public bool IsBase => SpecPath.IsInBaseFolder(RelativePath);

    /// <summary>The top-level mapping; an empty file is an empty mapping; null when it is not a mapping.</summary>
    public SpecMapping? Mapping => Root switch
    {
        SpecMapping mapping => mapping,
        SpecScalar { IsNull: true } empty => new SpecMapping(EquatableArray<SpecEntry>.Empty, empty.Span),
        _ => null,
    };
}
