using IsdaDsl.Generator.Spec;

namespace IsdaDsl.Generator.Pipeline;

/// <summary>What the emitter needs for one experiment: the resolved spec and where its code goes.</summary>
internal sealed record ExperimentModel(ExperimentSpec Spec, string Path, string Namespace, string ClassName, string HintName);
