using IsdaDsl.Experiments.Specs;
using IsdaDsl.Spec;

namespace IsdaDsl.Experiments.Runs;

/// <summary>One run to train: its spec (its own seed) and the `--set` overrides that ask for exactly this run again.</summary>
internal sealed record RunRequest(ExperimentSpec Spec, IReadOnlyList<SpecOverride> Overrides)
{
    public string Experiment => Spec.Name;

    public int Seed => Spec.Training.Seed;
}
