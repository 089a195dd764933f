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
        var folder = Claim(Path.GetFullPath(Path.Combine(outRoot, spec.Name)), $"seed-{spec.Training.Seed.ToString(CultureInfo.InvariantCulture)}-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
        File.WriteAllText(Path.Combine(folder, SpecFile), SpecWriter.Write(spec));
        File.WriteAllText(Path.Combine(folder, CommandFile), commandLine + "\n");
        return folder;
    }

    /// <summary>Every run folder under <paramref name="outRoot"/> (of <paramref name="experiment"/> only, when given).</summary>
    public static IReadOnlyList<RunFolder> Find(string outRoot, string? experiment = null)
    {
        var parents = experiment is null
            ? Directory.Exists(outRoot) ? Directory.GetDirectories(outRoot) : []
            : [Path.Combine(outRoot, experiment)];
        return parents.Where(Directory.Exists)
            .SelectMany(Directory.GetDirectories)
            .Order(StringComparer.Ordinal)
            .Select(RunFolder.Read)
            .ToList();
    }

    private static string Claim(string parent, string stamp)
    {
        Directory.CreateDirectory(parent);
        for (var k = 0; ; k++)
        {
            var candidate = Path.Combine(parent, k == 0 ? stamp : $"{stamp}-{k}");
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
