using System.Globalization;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Spec;

namespace IsdaDsl.Experiments.Runs;

/// <summary>
/// The runs an experiment asks for: <c>training.runs</c> runs with seeds seed, seed + 1, …, one after the other,
/// each in a run folder of its own holding the spec of that one run. The one place that knows about run counts.
/// </summary>
internal static class RunSeeds
{
    /// <summary>How many runs <paramref name="spec"/> asks for (<c>training.runs</c>).</summary>
    public static int Count(ExperimentSpec spec) => spec.Training.Runs;

    /// <summary>The runs of <paramref name="request"/>, in seed order.</summary>
    public static IReadOnlyList<RunRequest> Runs(ExperimentRequest request) =>
        Enumerable.Range(0, Count(request.Spec)).Select(k =>
        {
            var seed = request.Spec.Training.Seed + k;
            // A run folder holds one run: its spec says runs: 1 and its own seed, and so does its rerun command.
            var spec = request.Spec with { Training = request.Spec.Training with { Seed = seed, Runs = 1 } };
            var overrides = request.Overrides.Where(o => o.Path is not ("training.seed" or "training.runs"))
                .Append(new SpecOverride("training", "seed", seed.ToString(CultureInfo.InvariantCulture)));
            if (request.Spec.Training.Runs != 1)
                overrides = overrides.Append(new SpecOverride("training", "runs", "1"));
            return new RunRequest(spec, overrides.ToList());
        }).ToList();
}
