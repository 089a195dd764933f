using BenchmarkDotNet.Attributes;
using IsdaDsl.Runtime.Execution;

namespace IsdaDsl.Benchmarks;

/// <summary>
/// ISDA's added cost on one training step of every CIFAR network of the paper at its published configuration
/// (C = 10; batch 32 so the widest fit a CPU run): cross-entropy is the baseline of each network.
/// Hours on two CPU cores; the alternating console twin measures one network at a time:
/// <c>IsdaDsl.Benchmarks step --compare-methods --batch 32 --network wide-resnet:depth=28,widen_factor=10</c>.
/// </summary>
[Config(typeof(TrainingStepJob))]
public class NetworkIsdaOverheadBenchmarks
{
    private ResNetStepHarness? basic;
    private ResNetStepHarness? isda;

    /// <summary>The networks of docs/method.md §7.2's table, as "architecture:parameters" the DSL spells them.</summary>
    public static IEnumerable<string> Networks =>
    [
        "resnet:depth=32",
        "resnet:depth=110",
        "se-resnet:depth=110",
        "wide-resnet:depth=16,widen_factor=8",
        "wide-resnet:depth=28,widen_factor=10",
        "resnext:depth=29,cardinality=8,base_width=64",
        "densenet-bc:depth=100,growth_rate=12",
        "shake-shake:depth=26,base_width=32",
        "shake-shake:depth=26,base_width=112",
    ];

    [ParamsSource(nameof(Networks))]
    public string Network { get; set; } = "";

    [GlobalSetup]
    public void GlobalSetup()
    {
        TorchRuntime.Configure();
        basic = new ResNetStepHarness(new StepOptions(Batch: 32, Method: "basic", Network: Network));
        isda = new ResNetStepHarness(new StepOptions(Batch: 32, Method: "isda", Network: Network));
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        basic?.Dispose();
        isda?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "step, cross-entropy")]
    public float CrossEntropyStep() => basic!.Step();

    [Benchmark(Description = "step, ISDA")]
    public float IsdaStep() => isda!.Step();
}
