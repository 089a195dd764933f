using System.Collections.Generic;

namespace IsdaDsl.Spec;

/// <summary>A spec with its bases merged in, its <c>extends</c> entries, and the problems with those entries.</summary>
internal sealed record Composition(SpecMapping Merged, IReadOnlyList<Extension> Extensions, IReadOnlyList<SpecProblem> Problems);

/// <summary>One <c>extends</c> entry and the paths of the files merged in through it: its target and that target's bases.</summary>
internal sealed record Extension(SpecScalar Entry, IReadOnlyList<string> Files);
