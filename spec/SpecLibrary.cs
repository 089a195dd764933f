using System;
using System.Collections.Generic;
using System.Linq;

namespace IsdaDsl.Spec;

/// <summary>
/// The spec files of a project, found by path however it is spelt ('..', '\'): what <c>extends</c> may name.
/// Equal when its files are, so the generator's step that builds it stays cached while no spec changes.
/// </summary>
public sealed class SpecLibrary : IEquatable<SpecLibrary>
{
    private readonly EquatableArray<ParsedSpec> _files;
    private readonly Dictionary<string, ParsedSpec> _byPath = new(StringComparer.Ordinal);

    public SpecLibrary(IEnumerable<ParsedSpec> files)
    {
        _files = new EquatableArray<ParsedSpec>(files);
        foreach (var file in _files)
        {
            // Two spellings of one path: the first wins, as a lookup cannot tell them apart.
            var key = SpecPath.Normalise(file.Path);
            if (!_byPath.ContainsKey(key))
                _byPath.Add(key, file);
        }
    }

    /// <summary>
    /// For callers that may read files (the command line): every spec in <paramref name="paths"/> whose text
    /// <paramref name="readText"/> returns, relative to <paramref name="projectDir"/> for namespaces and base folders.
    /// </summary>
    public static SpecLibrary FromTexts(string projectDir, IEnumerable<string> paths, Func<string, string?> readText) =>
        new(paths
            .Select(path => (Path: path, Text: readText(path)))
            .Where(file => file.Text is not null)
            .Select(file => ParsedSpec.Parse(file.Path, SpecPath.RelativeToProject(file.Path, projectDir), file.Text!)));

    public IReadOnlyList<ParsedSpec> Files => _files;

    public ParsedSpec? Find(string path) => _byPath.TryGetValue(SpecPath.Normalise(path), out var file) ? file : null;

    public bool Equals(SpecLibrary? other) => other is not null && _files.Equals(other._files);

    public override bool Equals(object? obj) => obj is SpecLibrary other && Equals(other);

    public override int GetHashCode() => _files.GetHashCode();
}
