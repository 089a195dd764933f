namespace IsdaDsl.Tests.Generator;

/// <summary>The checkout's root, found from the test binaries, for the real experiments/*.yaml and sources.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "IsdaDsl.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("IsdaDsl.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Every YAML file of experiments/ (bases included), by its path relative to that project, as the build sees them.</summary>
    public static IReadOnlyList<(string Path, string Text)> ExperimentFiles() =>
        Directory.EnumerateFiles(System.IO.Path.Combine(Path, "experiments"), "*.yaml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{System.IO.Path.DirectorySeparatorChar}obj{System.IO.Path.DirectorySeparatorChar}") && !f.Contains($"{System.IO.Path.DirectorySeparatorChar}bin{System.IO.Path.DirectorySeparatorChar}"))
            .Select(f => (System.IO.Path.GetRelativePath(System.IO.Path.Combine(Path, "experiments"), f).Replace('\\', '/'), File.ReadAllText(f)))
            .OrderBy(f => f.Item1, StringComparer.Ordinal)
            .ToList();

    /// <summary>The files of <see cref="ExperimentFiles"/> that are experiments (not in a base folder).</summary>
    public static IEnumerable<(string Path, string Text)> ExperimentSpecs() =>
        ExperimentFiles().Where(f => !f.Path.Split('/').Contains("base"));
}
