namespace IsdaDsl.Spec;

/// <summary>
/// What one spec file yields: its experiments (one, one per matrix combination, or none for a base or a spec with
/// a problem) and its problems, each located in the file itself.
/// </summary>
public sealed record SpecReadResult(EquatableArray<ExperimentSpec> Experiments, EquatableArray<SpecProblem> Problems);
