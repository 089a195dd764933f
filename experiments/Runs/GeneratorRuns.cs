using System.Text.Json;
using IsdaDsl.Runtime.Gan;
using IsdaDsl.Spec;
using static TorchSharp.torch;

namespace IsdaDsl.Experiments.Runs;

/// <summary>
/// The gan runs a classification run takes its generators from (docs/method.md §9.6). A new run takes the newest
/// completed run of each experiment it names and records the choice in its folder (<see cref="FileName"/>); a resumed
/// run reads the record, so it finishes with the generator it started with even when a newer run has completed since.
/// </summary>
internal sealed class GeneratorRuns
{
    /// <summary>The record in a run folder: the gan run folder chosen for each referenced experiment.</summary>
    public const string FileName = "generators.json";

    private readonly IReadOnlyDictionary<string, string> folders;

    private GeneratorRuns(IReadOnlyDictionary<string, string> folders) => this.folders = folders;

    /// <summary>
    /// The newest completed run under <paramref name="outRoot"/> of each gan experiment <paramref name="spec"/> names;
    /// an experiment without one is an error naming the command that trains it, raised before anything is created.
    /// </summary>
    public static GeneratorRuns Choose(ExperimentSpec spec, string outRoot, bool channelsLast)
    {
        var chosen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reference in spec.References.Where(r => r.Kind == "gan"))
        {
            chosen[reference.Name] = RunFolders.NewestComplete(outRoot, reference.Name, TrainedGenerator.FileName)?.Path ?? throw new InvalidOperationException(
                $"{reference.Key}: experiment '{reference.Name}' has no completed run under {outRoot} to take the generator from; train it first with: " +
                CommandLine.Of("run", reference.Name, [], outRoot, channelsLast));
        }
        return new GeneratorRuns(chosen);
    }

    /// <summary>The choice recorded in <paramref name="runFolder"/> when the run of <paramref name="spec"/> started.</summary>
    public static GeneratorRuns Recorded(string runFolder, ExperimentSpec spec)
    {
        if (!spec.References.Any(r => r.Kind == "gan"))
            return new GeneratorRuns(new Dictionary<string, string>());
        var path = Path.Combine(runFolder, FileName);
        var folders = File.Exists(path) ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) : null;
        return new GeneratorRuns(folders ?? throw new InvalidOperationException($"{path} is missing: the run cannot tell which generator it started with"));
    }

    /// <summary>Writes the choice into <paramref name="runFolder"/> (nothing when the run names no gan experiment).</summary>
    public void Record(string runFolder)
    {
        if (folders.Count > 0)
            File.WriteAllText(Path.Combine(runFolder, FileName), JsonSerializer.Serialize(folders, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The trained generator of <paramref name="experiment"/> on <paramref name="device"/>.</summary>
    public TrainedGenerator Load(string experiment, Device device) =>
        folders.TryGetValue(experiment, out var folder)
            ? TrainedGenerator.Load(folder, device)
            : throw new InvalidOperationException($"no gan run was chosen for experiment '{experiment}'");
}
