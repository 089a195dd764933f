using BenchmarkDotNet.Attributes;
using IsdaDsl.Runtime.Execution;

namespace IsdaDsl.Benchmarks;

/// <summary>
/// What ISDA adds to a whole ResNet-32 training step (batch 128, 3×32×32, C = 10, A = 64): the same step with the
/// cross-entropy method (baseline) and with ISDA (λ at epoch 80 of 160), through the trainer's method seam.
/// The alternating console twin, better on a noisy machine: <c>IsdaDsl.Benchmarks step --compare-methods</c>.
/// </summary>
[Config(typeof(TrainingStepJob))]
public class IsdaOverheadBenchmarks
{
    private ResNetStepHarness? basic;
    private ResNetStepHarness? isda;

    [GlobalSetup]
    public void GlobalSetup()
    {
        TorchRuntime.Configure();
        basic = new ResNetStepHarness(new StepOptions(Method: "basic"));
        isda = new ResNetStepHarness(new StepOptions(Method: "isda"));
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        basic?.Dispose();
        isda?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "ResNet-32 step, cross-entropy")]
    public float CrossEntropyStep() => basic!.Step();

    [Benchmark(Description = "ResNet-32 step, ISDA")]
    public float IsdaStep() => isda!.Step();
}
