using System.Globalization;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Generator.Spec;

namespace IsdaDsl.Experiments.Runs;

/// <summary>
/// The runs an experiment asks for: <c>training.runs</c> runs with seeds seed, seed + 1, …, one after the other,
/// each in a run folder of its own holding the spec of that one run. The one place that knows about run counts.
/// </summary>
internal static class RunSeeds
{
    /// <summary>How many runs <paramref name="spec"/> asks for.</summary>
    /// <remarks>
    /// <c>training.runs</c> is not in the schema yet: every spec is one run. Once it is, read
    /// <c>spec.Training.Runs</c> here, and in <see cref="Runs"/> give each run's spec <c>runs: 1</c> and add
    /// <c>training.runs=1</c> to its overrides (a run folder holds one run).
    /// </remarks>
    public static int Count(ExperimentSpec spec) => 1;

    /// <summary>The runs of <paramref name="request"/>, in seed order.</summary>
    public static IReadOnlyList<RunRequest> Runs(ExperimentRequest request) =>
        Enumerable.Range(0, Count(request.Spec)).Select(k =>
        {
            var seed = request.Spec.Training.Seed + k;
            var spec = request.Spec with { Training = request.Spec.Training with { Seed = seed } };
            var overrides = request.Overrides.Where(o => o.Path != "training.seed")
                .Append(new SpecOverride("training", "seed", seed.ToString(CultureInfo.InvariantCulture)));
            return new RunRequest(spec, overrides.ToList());
        }).ToList();
}
