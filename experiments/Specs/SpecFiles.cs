using IsdaDsl.Spec;

namespace IsdaDsl.Experiments.Specs;

/// <summary>
/// Which spec file defines an experiment. The generated catalog does not record it, so the spec sources are read
/// again, as the build reads them, when they are on this machine: the project folder holding
/// <see cref="ProjectFile"/>, found above the program or the current directory (or in an experiments/ folder there).
/// </summary>
internal static class SpecFiles
{
    public const string ProjectFile = "IsdaDsl.Experiments.csproj";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Sources =
        new(() => ProjectFolder() is { } folder ? Index(folder) : new Dictionary<string, string>());

    /// <summary>The spec file of experiment <paramref name="name"/>, relative to the current directory where it lies below it; null when not found.</summary>
    public static string? Locate(string name) => Sources.Value.TryGetValue(name, out var path) ? Display(path) : null;

    /// <summary>
    /// Experiment name → full path of the spec that defines it, over every *.yaml under <paramref name="projectDir"/>
    /// except bin/ and obj/ (the build's spec files). A spec that no longer reads (edited since the build) still
    /// claims the name its path gives it.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Index(string projectDir)
    {
        var root = Path.GetFullPath(projectDir);
        var paths = Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(root, path))
            .Order(StringComparer.Ordinal)
            .ToList();
        var library = SpecLibrary.FromTexts(root, paths, ReadText);
        var files = library.Files.Where(file => !file.IsBase).ToList();
        var index = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var experiment in SpecReader.Read(file, library).Experiments)
                index.TryAdd(experiment.Name, file.Path);
        }
        foreach (var file in files)
            index.TryAdd(SpecReader.DefaultName(file.RelativePath), file.Path);
        return index;
    }

    /// <summary>The folder holding <see cref="ProjectFile"/>, searched from the program's folder up, then from the current directory up.</summary>
    private static string? ProjectFolder()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                foreach (var candidate in new[] { folder.FullName, Path.Combine(folder.FullName, "experiments") })
                {
                    if (File.Exists(Path.Combine(candidate, ProjectFile)))
                        return candidate;
                }
            }
        }
        return null;
    }

    private static bool IsBuildOutput(string root, string path)
    {
        var first = Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0];
        return first is "bin" or "obj";
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Display(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative.Replace('\\', '/');
    }
}
