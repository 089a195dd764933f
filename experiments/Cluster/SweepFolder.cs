using System.Globalization;
using System.Text.Json;

namespace IsdaDsl.Experiments.Cluster;

/// <summary>
/// OUT/sweeps/yyyyMMdd-HHmmss[-k]: one Slurm submission of a sweep, holding its plan (plan.json), its script
/// (sweep.sbatch), the `isda sweep` command that made it (command.txt), each task's log (logs/K.log) and, once
/// submitted, Slurm's job id (job-id).
/// </summary>
internal sealed class SweepFolder
{
    /// <summary>The folder under --out that holds the sweep folders.</summary>
    public const string Parent = "sweeps";

    public const string PlanFile = "plan.json";
    public const string ScriptFile = "sweep.sbatch";
    public const string JobIdFile = "job-id";
    public const string LogsFolder = "logs";
    public const string CommandFile = "command.txt";

    private SweepFolder(string path) => Path = path;

    /// <summary>The folder, absolute: the script names its logs by it and Slurm runs it from elsewhere.</summary>
    public string Path { get; }

    public string Script => System.IO.Path.Combine(Path, ScriptFile);

    public string Logs => System.IO.Path.Combine(Path, LogsFolder);

    /// <summary>The --out of the sweep, which holds its run folders: the folder above sweeps/.</summary>
    public string OutRoot => System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(Path))!;

    /// <summary>Task K's log.</summary>
    public string Log(int task) => System.IO.Path.Combine(Logs, $"{task.ToString(CultureInfo.InvariantCulture)}.log");

    /// <summary>The existing sweep folder at <paramref name="path"/>; a folder without a plan is an error saying what a sweep folder is.</summary>
    public static SweepFolder Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(System.IO.Path.Combine(full, PlanFile)))
            throw new ArgumentException($"{path} is not a sweep folder: it has no {PlanFile} (`isda sweep PATTERN --slurm` makes them as OUT/{Parent}/TIME)");
        return new SweepFolder(full);
    }

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

    /// <summary>Writes plan.json, sweep.sbatch and command.txt.</summary>
    public void Write(IReadOnlyList<SlurmSweepTask> tasks, string script, string command)
    {
        File.WriteAllText(System.IO.Path.Combine(Path, PlanFile), JsonSerializer.Serialize(tasks, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.WriteAllText(Script, script);
        File.WriteAllText(System.IO.Path.Combine(Path, CommandFile), command + "\n");
    }

    public void WriteJobId(string jobId) => File.WriteAllText(System.IO.Path.Combine(Path, JobIdFile), jobId + "\n");

    /// <summary>The tasks of plan.json; an unreadable plan is an error naming the file.</summary>
    public IReadOnlyList<SlurmSweepTask> ReadTasks()
    {
        var plan = System.IO.Path.Combine(Path, PlanFile);
        try
        {
            return JsonSerializer.Deserialize<SlurmSweepTask[]>(File.ReadAllText(plan)) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{plan} is not a sweep plan: {e.Message}", e);
        }
    }

    /// <summary>Slurm's job id, or null for a sweep folder never submitted (--dry-run).</summary>
    public string? ReadJobId() => ReadLine(JobIdFile);

    /// <summary>The command that made this sweep folder; null for a folder of an older isda.</summary>
    public string? ReadCommand() => ReadLine(CommandFile);

    private string? ReadLine(string file)
    {
        var path = System.IO.Path.Combine(Path, file);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }
}
