using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace IsdaDsl.Benchmarks;

/// <summary>
/// The job of the whole-training-step benchmarks: a step takes about a second, so one invocation per iteration,
/// one launch, 2 warm-up and 9 measured iterations keep a run within minutes on two cores.
/// </summary>
public sealed class TrainingStepJob : ManualConfig
{
    public TrainingStepJob() =>
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(9).WithInvocationCount(1).WithUnrollFactor(1));
}
