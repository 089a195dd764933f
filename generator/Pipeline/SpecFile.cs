namespace IsdaDsl.Generator.Pipeline;

/// <summary>A spec file's path, its path relative to the project (for the namespace) and its text.</summary>
internal sealed record SpecFile(string Path, string RelativePath, string Text);
