using IsdaDsl.Spec;

namespace IsdaDsl.Generator.Pipeline;

/// <summary>
/// What the emitter needs for one experiment: the resolved spec, its file (<paramref name="RelativePath"/>: as the
/// project sees it) and where its code goes.
/// </summary>
internal sealed record ExperimentModel(ExperimentSpec Spec, string Path, string RelativePath, string Namespace, string ClassName, string HintName);
