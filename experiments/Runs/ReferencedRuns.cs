using System.Text.Json;
using IsdaDsl.Runtime.Execution;
using IsdaDsl.Runtime.Gan;
using IsdaDsl.Runtime.Training;
using IsdaDsl.Spec;
using static TorchSharp.torch;

namespace IsdaDsl.Experiments.Runs;

/// <summary>
/// The runs of other experiments a run takes networks from: a GAN augmentation's generator (docs/method.md §9.6), a
/// reconstruction's classifier and generator (§10). A new run takes the newest completed run of each experiment it
/// names and records the choice in its folder (<see cref="FileName"/>); a resumed run reads the record, so it finishes
/// with the networks it started with even when a newer run has completed since.
/// </summary>
internal sealed class ReferencedRuns
{
    /// <summary>The record in a run folder: the run folder chosen for each referenced experiment.</summary>
    public const string FileName = "references.json";

    private readonly IReadOnlyDictionary<string, string> folders;

    private ReferencedRuns(IReadOnlyDictionary<string, string> folders) => this.folders = folders;

    /// <summary>The file a completed run of an experiment of <paramref name="kind"/> leaves for others to use.</summary>
    public static string ProductOf(string kind) => kind == "gan" ? TrainedGenerator.FileName : Checkpoint.FileName;

    /// <summary>The newest completed run of <paramref name="experiment"/> (of <paramref name="kind"/>) under <paramref name="outRoot"/>, or null.</summary>
    public static RunFolder? NewestComplete(string outRoot, string experiment, string kind) =>
        RunFolders.NewestComplete(outRoot, experiment, ProductOf(kind));

    /// <summary>
    /// The newest completed run under <paramref name="outRoot"/> of each experiment <paramref name="run"/> names; when
    /// one has none, an error naming the commands to run first (<see cref="Prerequisites"/>), raised before anything
    /// is created.
    /// </summary>
    public static ReferencedRuns Choose(RunRequest run, string outRoot, ExecutionOptions execution)
    {
        var spec = run.Spec;
        var missing = Prerequisites.Missing(spec, outRoot);
        if (missing.Count > 0)
            throw new InvalidOperationException(Prerequisites.Describe(spec, missing, outRoot, execution, Prerequisites.Carried(run.Overrides)));
        var chosen = spec.References.ToDictionary(r => r.Name, r => NewestComplete(outRoot, r.Name, r.Kind)!.Path, StringComparer.Ordinal);
        return new ReferencedRuns(chosen);
    }

    /// <summary>The choice recorded in <paramref name="runFolder"/> when the run of <paramref name="spec"/> started.</summary>
    public static ReferencedRuns Recorded(string runFolder, ExperimentSpec spec)
    {
        if (spec.References.Count == 0)
            return new ReferencedRuns(new Dictionary<string, string>());
        var path = Path.Combine(runFolder, FileName);
        var folders = File.Exists(path) ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) : null;
        return new ReferencedRuns(folders ?? throw new InvalidOperationException($"{path} is missing: the run cannot tell which runs of {string.Join(" and ", spec.References.Select(r => r.Name))} it started with"));
    }

    /// <summary>Writes the choice into <paramref name="runFolder"/> (nothing when the run names no other experiment).</summary>
    public void Record(string runFolder)
    {
        if (folders.Count > 0)
            File.WriteAllText(Path.Combine(runFolder, FileName), JsonSerializer.Serialize(folders, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The run folder chosen for <paramref name="experiment"/>.</summary>
    public string Folder(string experiment) =>
        folders.TryGetValue(experiment, out var folder) ? folder : throw new InvalidOperationException($"no run was chosen for experiment '{experiment}'");

    /// <summary>The trained generator of gan experiment <paramref name="experiment"/> on <paramref name="device"/>.</summary>
    public TrainedGenerator LoadGenerator(string experiment, Device device) => TrainedGenerator.Load(Folder(experiment), device);
}
