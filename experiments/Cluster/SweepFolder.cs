using System.Globalization;
using System.Text.Json;

namespace IsdaDsl.Experiments.Cluster;

/// <summary>
/// OUT/sweeps/yyyyMMdd-HHmmss[-k]: one Slurm submission of a sweep, holding its plan (plan.json), its script
/// (sweep.sbatch), each task's log (logs/K.log) and, once submitted, Slurm's job id (job-id).
/// </summary>
internal sealed class SweepFolder
{
    /// <summary>The folder under --out that holds the sweep folders.</summary>
    public const string Parent = "sweeps";

    public const string PlanFile = "plan.json";
    public const string ScriptFile = "sweep.sbatch";
    public const string JobIdFile = "job-id";
    public const string LogsFolder = "logs";

    private SweepFolder(string path) => Path = path;

    /// <summary>The folder, absolute: the script names its logs by it and Slurm runs it from elsewhere.</summary>
    public string Path { get; }

    public string Script => System.IO.Path.Combine(Path, ScriptFile);

    public string Logs => System.IO.Path.Combine(Path, LogsFolder);

    /// <summary>A new, empty sweep folder under <paramref name="outRoot"/>, with its logs folder; one that cannot be made is an error naming it.</summary>
    public static SweepFolder Create(string outRoot)
    {
        var parent = System.IO.Path.GetFullPath(System.IO.Path.Combine(outRoot, Parent));
        var stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        try
        {
            Directory.CreateDirectory(parent);
            for (var k = 0; ; k++)
            {
                var candidate = System.IO.Path.Combine(parent, k == 0 ? stamp : $"{stamp}-{k}");
                // Two sweeps submitted in the same second each get a folder of their own.
                if (Directory.Exists(candidate))
                    continue;
                Directory.CreateDirectory(System.IO.Path.Combine(candidate, LogsFolder));
                return new SweepFolder(candidate);
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new IOException($"cannot make a sweep folder under {parent}: {e.Message}", e);
        }
    }

    /// <summary>Writes plan.json and sweep.sbatch.</summary>
    public void Write(IReadOnlyList<SlurmSweepTask> tasks, string script)
    {
        File.WriteAllText(System.IO.Path.Combine(Path, PlanFile), JsonSerializer.Serialize(tasks, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.WriteAllText(Script, script);
    }

    public void WriteJobId(string jobId) => File.WriteAllText(System.IO.Path.Combine(Path, JobIdFile), jobId + "\n");
}
