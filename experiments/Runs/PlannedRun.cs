namespace IsdaDsl.Experiments.Runs;

/// <summary>What to do about one run.</summary>
internal enum RunAction
{
    /// <summary>Train it in a new run folder.</summary>
    Train,

    /// <summary>Continue the incomplete run in <see cref="PlannedRun.Folder"/> from its checkpoint.</summary>
    Resume,

    /// <summary>Nothing: <see cref="PlannedRun.Folder"/> holds it complete.</summary>
    Skip,
}

/// <summary>One run of a plan, with the existing folder it resumes or skips for.</summary>
internal sealed record PlannedRun(RunRequest Run, RunAction Action, RunFolder? Folder = null);
