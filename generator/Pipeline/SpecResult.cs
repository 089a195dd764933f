using IsdaDsl.Generator.Spec;

namespace IsdaDsl.Generator.Pipeline;

/// <summary>One spec file's outcome: the model when it is valid, and its diagnostics.</summary>
internal sealed record SpecResult(ExperimentModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
