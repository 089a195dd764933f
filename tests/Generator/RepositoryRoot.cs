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

    public static IEnumerable<string> ExperimentSpecs() =>
        Directory.EnumerateFiles(System.IO.Path.Combine(Path, "experiments"), "*.yaml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{System.IO.Path.DirectorySeparatorChar}obj{System.IO.Path.DirectorySeparatorChar}") && !f.Contains($"{System.IO.Path.DirectorySeparatorChar}bin{System.IO.Path.DirectorySeparatorChar}"))
            .Order(StringComparer.Ordinal);
}
