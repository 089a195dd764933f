namespace IsdaDsl.Tests;

/// <summary>
/// Tests that depend on process-wide torch state — the global random generator a run seeds and draws its
/// initial weights from, or the live-tensor count — run in this collection, alone. (The whole assembly now runs one
/// class at a time, tests/TestParallelization.cs; this collection keeps them alone should that change.)
/// </summary>
[CollectionDefinition(nameof(ProcessWideStateCollection), DisableParallelization = true)]
public sealed class ProcessWideStateCollection;
