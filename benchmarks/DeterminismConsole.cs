using IsdaDsl.Runtime.Execution;
using TorchSharp;
using static TorchSharp.torch;

namespace IsdaDsl.Benchmarks;

/// <summary>
/// `IsdaDsl.Benchmarks determinism [--threads N] [--repeats R]`: which operation of a ResNet training step gives
/// different bits when called again on the same inputs, for NCHW and for channels-last activations. Each operation
/// (forward, and backward to every input) runs R times on identical inputs; the outputs are compared bit for bit
/// with the first call's, and the number of calls that differed is printed per operation and layout. Then, for each
/// layout, two ResNet-32s built from the same seed train the same number of steps on the same batch, and whether
/// their losses and weights are equal bit for bit is printed.
/// </summary>
internal static class DeterminismConsole
{
    public static int Run(string[] args)
    {
        int threads = 2, repeats = 20, steps = 10;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--threads": threads = int.Parse(args[++i]); break;
                case "--repeats": repeats = int.Parse(args[++i]); break;
                case "--steps": steps = int.Parse(args[++i]); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        TorchRuntime.Configure(threads);
        Console.WriteLine($"threads {get_num_threads()}, {repeats} calls per operation");
        Console.WriteLine("| operation | NCHW calls that differed | channels-last calls that differed |");
        Console.WriteLine("|---|---:|---:|");
        // The activation shapes of ResNet-32's three stages at batch 128.
        foreach (var (channels, side) in new[] { (16, 32), (32, 16), (64, 8) })
        {
            foreach (var (name, operation) in Operations(channels))
            {
                var counts = new[] { false, true }.Select(channelsLast => Differing(operation, [128, channels, side, side], channelsLast, repeats));
                Console.WriteLine($"| {name}, [128, {channels}, {side}, {side}] | {string.Join(" | ", counts)} |");
            }
        }
        foreach (var channelsLast in new[] { false, true })
        {
            var same = SameTraining(new StepOptions(ChannelsLast: channelsLast), steps);
            Console.WriteLine($"ResNet-32, {steps} steps, {(channelsLast ? "channels-last" : "NCHW")}: two runs {(same ? "equal" : "DIFFER")}");
        }
        return 0;
    }

    /// <summary>Whether two networks built and trained alike end with the same losses and weights, bit for bit.</summary>
    private static bool SameTraining(StepOptions options, int steps)
    {
        using var first = new ResNetStepHarness(options);
        using var second = new ResNetStepHarness(options);
        var losses = Enumerable.Range(0, steps).Select(_ => (first.Step(), second.Step())).ToList();
        using var scope = NewDisposeScope();
        return losses.All(pair => BitConverter.SingleToInt32Bits(pair.Item1) == BitConverter.SingleToInt32Bits(pair.Item2))
               && first.Weights.Zip(second.Weights).All(pair => pair.First.eq(pair.Second).all().item<bool>());
    }

    /// <summary>An operation on an activation [N, C, H, W] that returns every output whose bits are compared.</summary>
    private delegate Tensor[] Operation(Tensor input);

    private static IEnumerable<(string Name, Operation Operation)> Operations(int channels)
    {
        manual_seed(0);
        var conv = nn.Conv2d(channels, channels, 3, padding: 1, bias: false);
        var strided = nn.Conv2d(channels, 2 * channels, 3, stride: 2, padding: 1, bias: false);
        var projection = nn.Conv2d(channels, 2 * channels, 1, stride: 2, bias: false);
        var norm = nn.BatchNorm2d(channels);
        yield return ("conv 3×3 forward", x => [conv.forward(x)]);
        yield return ("conv 3×3 backward (input, weight)", x => Backward(conv.forward(x), x, conv.weight!));
        yield return ("conv 3×3 stride 2 backward (input, weight)", x => Backward(strided.forward(x), x, strided.weight!));
        yield return ("conv 1×1 stride 2 backward (input, weight)", x => Backward(projection.forward(x), x, projection.weight!));
        yield return ("batch norm forward (training)", x => [norm.forward(x)]);
        yield return ("batch norm backward (input, weight, bias)", x => Backward(norm.forward(x), x, norm.weight!, norm.bias!));
        yield return ("relu backward", x => Backward(nn.functional.relu(x), x));
        yield return ("global average pool backward", x => Backward(nn.functional.adaptive_avg_pool2d(x, 1), x));
        yield return ("add backward", x => Backward(x + x * 0.5, x));
    }

    /// <summary>The gradients of Σ output ⊙ G for a fixed random G, with respect to <paramref name="inputs"/>.</summary>
    private static Tensor[] Backward(Tensor output, params Tensor[] inputs)
    {
        var generator = new Generator(1);
        // In the output's layout, as the gradient arriving from the next layer would be.
        var upstream = randn(output.shape, generator: generator);
        if (output.dim() == 4 && !output.is_contiguous())
            upstream = TorchRuntime.ToChannelsLast(upstream);
        return torch.autograd.grad([output], inputs, [upstream]).ToArray();
    }

    private static int Differing(Operation operation, long[] shape, bool channelsLast, int repeats)
    {
        using var scope = NewDisposeScope();
        var input = randn(shape, generator: new Generator(2));
        input = (channelsLast ? TorchRuntime.ToChannelsLast(input) : input).requires_grad_(true);
        var first = operation(input).Select(t => t.detach().clone()).ToArray();
        var differing = 0;
        for (var r = 1; r < repeats; r++)
        {
            using var callScope = NewDisposeScope();
            var again = operation(input);
            if (again.Zip(first).Any(pair => !pair.First.detach().eq(pair.Second).all().item<bool>()))
                differing++;
        }
        return differing;
    }
}
