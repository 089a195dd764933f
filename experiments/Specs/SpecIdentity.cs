using IsdaDsl.Spec;

namespace IsdaDsl.Experiments.Specs;

/// <summary>
/// When two specs describe the same run, or the same experiment: compared as <see cref="SpecWriter"/>'s canonical
/// text (every default written out, positions left out), without the values that do not change what is trained.
/// </summary>
internal static class SpecIdentity
{
    /// <summary>
    /// Equal for specs that train the same network the same way: everything but where the data lies
    /// (<c>data.root</c>, a fact of the machine) and how the result is reported (<c>evaluation</c>). A run folder
    /// holds a run of a spec when their keys are equal.
    /// </summary>
    public static string OfRun(ExperimentSpec spec) => SpecWriter.Write(Run(spec));

    /// <summary>
    /// Equal for runs of one experiment with any seed: the report's groups. How many runs the experiment asks for
    /// is left out too: each run folder's spec says runs: 1 (<see cref="Runs.RunSeeds"/>), its experiment's may say 3.
    /// </summary>
    public static string OfExperiment(ExperimentSpec spec) => SpecWriter.Write(Experiment(spec));

    /// <summary>The spec with the values that <see cref="OfExperiment"/> leaves out reset to fixed ones.</summary>
    public static ExperimentSpec Experiment(ExperimentSpec spec)
    {
        var run = Run(spec);
        return run with { Training = run.Training with { Seed = 0, Runs = 1 } };
    }

    // evaluation (what to report, the paper's number) describes the result, not the run.
    private static ExperimentSpec Run(ExperimentSpec spec) =>
        spec with { NameSpan = default, Data = spec.Data with { Root = null }, Evaluation = new EvaluationSpec("last10", null) };
}
