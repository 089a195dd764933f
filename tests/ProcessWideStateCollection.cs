namespace IsdaDsl.Tests;

/// <summary>
/// Tests that depend on process-wide torch state — the global random generator a run seeds and draws its
/// initial weights from, or the live-tensor count — run in this collection, alone, after the parallel ones.
/// </summary>
[CollectionDefinition(nameof(ProcessWideStateCollection), DisableParallelization = true)]
public sealed class ProcessWideStateCollection;
