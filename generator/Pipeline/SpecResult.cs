using IsdaDsl.Spec;

namespace IsdaDsl.Generator.Pipeline;

/// <summary>One spec file's outcome: its experiments (none for a base or a spec with a problem) and its diagnostics.</summary>
internal sealed record SpecResult(EquatableArray<ExperimentModel> Models, EquatableArray<DiagnosticInfo> Diagnostics);
