using System.Globalization;
using IsdaDsl.Spec;

namespace IsdaDsl.Experiments.Runs;

/// <summary>
/// Run folders: OUT/NAME/seed-S-yyyyMMdd-HHmmss[-k], never reused by another run. Each starts with the spec it runs
/// (spec.yaml, written by the shared <see cref="SpecWriter"/>) and the command that reruns it (command.txt); the
/// trainer adds the rest.
/// </summary>
internal static class RunFolders
{
    public const string SpecFile = "spec.yaml";
    public const string CommandFile = "command.txt";

    /// <summary>Creates a new folder for one run of <paramref name="spec"/> under <paramref name="outRoot"/>.</summary>
    public static string Create(string outRoot, ExperimentSpec spec, string commandLine)
    {
        var folder = Path.GetFullPath(Claim(outRoot, spec.Name, $"seed-{spec.Training.Seed.ToString(CultureInfo.InvariantCulture)}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}"));
        File.WriteAllText(Path.Combine(folder, SpecFile), SpecWriter.Write(spec));
        File.WriteAllText(Path.Combine(folder, CommandFile), commandLine + "\n");
        return folder;
    }

    /// <summary>
    /// Every run folder under <paramref name="outRoot"/> (of <paramref name="experiment"/> only, when given). A folder
    /// that <see cref="RunPaths"/> refuses (a symbolic link, one holding a link, a folder not named like an
    /// experiment) is left out and <paramref name="skipped"/> told why.
    /// </summary>
    public static IReadOnlyList<RunFolder> Find(string outRoot, string? experiment = null, Action<string>? skipped = null)
    {
        IEnumerable<string> experiments = experiment is not null ? [experiment]
            : Directory.Exists(outRoot) ? Directory.GetDirectories(outRoot).Select(Path.GetFileName).OfType<string>()
            : [];
        var found = new List<RunFolder>();
        foreach (var name in experiments)
        {
            var parent = Checked(() => RunPaths.ExperimentFolder(outRoot, name), Path.Combine(outRoot, name), skipped);
            if (parent is null || !Directory.Exists(parent))
                continue;
            foreach (var child in Directory.GetDirectories(parent))
            {
                if (Checked(() => RunPaths.RunFolder(outRoot, name, Path.GetFileName(child)), child, skipped) is { } folder)
                    found.Add(RunFolder.Read(folder));
            }
        }
        return found.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>The newest complete run of <paramref name="experiment"/> under <paramref name="outRoot"/> that holds <paramref name="file"/>, or null.</summary>
    public static RunFolder? NewestComplete(string outRoot, string experiment, string file) =>
        Find(outRoot, experiment)
            .Where(f => f.IsComplete && File.Exists(Path.Combine(f.Path, file)))
            .OrderBy(f => f, RunFolder.ByAge)
            .LastOrDefault();

    private static string? Checked(Func<string> makePath, string path, Action<string>? skipped)
    {
        try
        {
            return makePath();
        }
        catch (UnsafePathException e)
        {
            skipped?.Invoke($"skipped {path}: {e.Message}");
            return null;
        }
    }

    private static string Claim(string outRoot, string experiment, string stamp)
    {
        Directory.CreateDirectory(RunPaths.ExperimentFolder(outRoot, experiment));
        for (var k = 0; ; k++)
        {
            // Checked before it is made or entered: a link planted at this predictable name is refused, not followed.
            var candidate = RunPaths.RunFolder(outRoot, experiment, k == 0 ? stamp : $"{stamp}-{k}");
            // CreateDirectory succeeds on an existing folder, so claim the name with an exclusive marker file.
            Directory.CreateDirectory(candidate);
            try
            {
                using var claim = new FileStream(Path.Combine(candidate, ".run"), FileMode.CreateNew);
                return candidate;
            }
            catch (IOException) when (File.Exists(Path.Combine(candidate, ".run")))
            {
            }
        }
    }
}
