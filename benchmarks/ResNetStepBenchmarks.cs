using BenchmarkDotNet.Attributes;
using IsdaDsl.Runtime.Execution;

namespace IsdaDsl.Benchmarks;

/// <summary>
/// ResNet-32 CE training step (batch 128, 3×32×32, SGD) and the single 3×3 conv of the issue, TorchSharp as
/// shipped (<see cref="Setup.Default"/>) against the runtime's configuration (<see cref="Setup.Configured"/>:
/// <see cref="TorchRuntime.Configure"/> plus channels-last input). BenchmarkDotNet runs every case in
/// its own process, so the process-wide libtorch settings of one case do not leak into the other.
/// For the comparison with PyTorch use benchmarks/compare_pytorch.sh (alternating runs, same machine load).
/// </summary>
[Config(typeof(TrainingStepJob))]
public class ResNetStepBenchmarks
{
    public enum Setup
    {
        Default,
        Configured,
    }

    private ResNetStepHarness? step;
    private ConvHarness? conv;

    [Params(Setup.Default, Setup.Configured)]
    public Setup Configuration { get; set; }

    [GlobalSetup]
    public void GlobalSetup()
    {
        var channelsLast = false;
        if (Configuration == Setup.Configured)
        {
            TorchRuntime.Configure(); // first TorchSharp call of this process, so PASSIVE waiting can still be set
            channelsLast = true;
        }
        var options = new StepOptions(ChannelsLast: channelsLast);
        step = new ResNetStepHarness(options);
        conv = new ConvHarness(options);
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        step?.Dispose();
        conv?.Dispose();
    }

    [Benchmark(Description = "ResNet-32 CE train step, batch 128")]
    public float TrainStep() => step!.Step();

    [Benchmark(Description = "conv3x3 16->16 fwd, [128,16,32,32]")]
    public float ConvForward() => conv!.Forward();

    [Benchmark(Description = "conv3x3 16->16 fwd+bwd, [128,16,32,32]")]
    public float ConvForwardBackward() => conv!.ForwardBackward();
}
