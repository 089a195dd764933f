using System.Diagnostics;
using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Methods;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Settings;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Benchmarks;

/// <summary>
/// How a benchmark run configures TorchSharp before it builds anything. <paramref name="Network"/>, when given, is
/// "architecture:key=value,…" as the DSL names them (e.g. "wide-resnet:depth=28,widen_factor=10") and replaces the
/// ResNet of <paramref name="Depth"/>.
/// </summary>
internal sealed record StepOptions(bool ChannelsLast = false, int Batch = 128, int Depth = 32, string Method = "basic", string? Network = null)
{
    /// <summary>The network to build, as the trainer builds it from a spec.</summary>
    public ComponentSettings Model()
    {
        if (Network is null)
            return new ComponentSettings("resnet", new Dictionary<string, string> { ["depth"] = Depth.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var parts = Network.Split(':', 2);
        var parameters = parts.Length == 1 || parts[1].Length == 0
            ? new Dictionary<string, string>()
            : parts[1].Split(',').Select(p => p.Split('=', 2)).ToDictionary(
                kv => kv[0], kv => kv.Length == 2 ? kv[1] : throw new ArgumentException($"--network {Network}: '{kv[0]}' is not key=value"));
        return new ComponentSettings(parts[0], parameters);
    }

    /// <summary>What the results call this network.</summary>
    public string NetworkLabel => Network ?? $"resnet:depth={Depth}";

    /// <summary>Returns <paramref name="x"/> in the layout these options ask for (taking ownership of it).</summary>
    public Tensor Layout(Tensor x)
    {
        if (!ChannelsLast)
            return x;
        using (x)
            return Runtime.Execution.TorchRuntime.ToChannelsLast(x);
    }
}

/// <summary>
/// One training step of a CIFAR network (ResNet-32 unless the options name another) (forward, the method's loss, backward, SGD with lr 0.1, momentum 0.9, Nesterov,
/// weight decay 1e-4) on a fixed random batch; with the "basic" method the same step as
/// benchmarks/pytorch/resnet_step.py. The loss goes through the trainer's <see cref="ITrainingMethod"/> seam, at
/// epoch 80 of 160 so that ISDA's λ is non-zero.
/// </summary>
internal sealed class ResNetStepHarness : IDisposable
{
    private readonly ClassifierNetwork model;
    private readonly SGD optimizer;
    private readonly ITrainingMethod method;
    private readonly Tensor input;
    private readonly Tensor target;

    public ResNetStepHarness(StepOptions options)
    {
        manual_seed(0);
        model = ArchitectureCatalog.Create(options.Model(), new InputShape(3, 32, 32), numClasses: 10);
        model.train();
        input = options.Layout(randn(options.Batch, 3, 32, 32));
        target = randint(0, 10, [options.Batch], dtype: ScalarType.Int64);
        optimizer = optim.SGD(model.parameters(), 0.1, momentum: 0.9, weight_decay: 1e-4, nesterov: true);
        method = MethodCatalog.Create(options.Method, Parameters.ForMethod(options.Method), new MethodContext(model.NumClasses, model.FeatureDim, CPU));
        // As the trainer does before its first forward pass.
        Runtime.Execution.OneDnn.ChooseFor([model]);
    }

    /// <summary>The network's weights.</summary>
    public IEnumerable<Parameter> Weights => model.parameters();

    /// <summary>Runs one step and returns the loss (a scalar read back, so the step has really finished).</summary>
    public float Step()
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = method.Loss(model, input, target, new TrainingClock(80, 160)).Loss;
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    public void Dispose()
    {
        method.Dispose();
        optimizer.Dispose();
        model.Dispose();
        input.Dispose();
        target.Dispose();
    }
}

/// <summary>The lead of the issue: one 3×3 convolution 16→16 on a [128, 16, 32, 32] input.</summary>
internal sealed class ConvHarness : IDisposable
{
    private readonly Conv2d conv;
    private readonly Tensor input;

    public ConvHarness(StepOptions options)
    {
        manual_seed(0);
        conv = nn.Conv2d(16, 16, 3, padding: 1, bias: false);
        input = options.Layout(randn(options.Batch, 16, 32, 32));
        input.requires_grad_(true);
    }

    public float Forward()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return conv.forward(input).sum().item<float>();
    }

    public float ForwardBackward()
    {
        using var scope = NewDisposeScope();
        conv.zero_grad();
        input.grad?.zero_();
        var y = conv.forward(input);
        y.sum().backward();
        return input.grad!.sum().item<float>();
    }

    public void Dispose()
    {
        conv.Dispose();
        input.Dispose();
    }
}

/// <summary>
/// Console mode for the alternating comparison with PyTorch (benchmarks/compare_pytorch.sh):
/// <c>step [--threads N] [--interop N] [--configure] [--channels-last] [--steps 10] [--warmup 3] [--batch 128] [--conv]</c>.
/// Prints one machine-readable line per measurement, in the same format as resnet_step.py.
/// </summary>
internal static class StepConsole
{
    public static int Run(string[] args)
    {
        int? threads = null;
        var channelsLast = false;
        var conv = false;
        var configure = false;
        int? interop = null;
        int steps = 10, warmup = 3, batch = 128, depth = 32;
        string? mode = null, network = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--threads": threads = int.Parse(args[++i]); break;
                case "--interop": interop = int.Parse(args[++i]); break;
                case "--channels-last": channelsLast = true; break;
                case "--conv": conv = true; break;
                case "--configure": configure = true; break;
                case "--steps": steps = int.Parse(args[++i]); break;
                case "--warmup": warmup = int.Parse(args[++i]); break;
                case "--batch": batch = int.Parse(args[++i]); break;
                case "--depth": depth = int.Parse(args[++i]); break;
                case "--network": network = args[++i]; break;
                case "--interleave": mode = "interleave"; break;
                case "--compare-methods": mode = "compare-methods"; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        // Modes are dispatched after every option is read, so options may follow them.
        if (mode == "interleave")
            return Interleave(steps, warmup, batch, depth);
        if (mode == "compare-methods")
            return CompareMethods(steps, warmup, new StepOptions(Batch: batch, Depth: depth, Network: network));

        // Configure must come before any other TorchSharp call (it may set OMP_WAIT_POLICY for libgomp).
        // As the CLI's training runs: oneDNN's instruction set chosen for the network.
        if (configure)
            Runtime.Execution.TorchRuntime.Configure(threads, kernelsPerNetwork: true);
        var passive = Runtime.Execution.TorchRuntime.PassiveWait;
        if (!configure && threads is { } n)
            set_num_threads(n);
        if (interop is { } m)
            set_num_interop_threads(m);
        var options = new StepOptions(channelsLast, batch, depth);
        var tag = $"torchsharp threads={get_num_threads()} interop={get_num_interop_threads()} channels_last={channelsLast} " +
                  $"configure={configure} passive_wait={passive || Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is "PASSIVE"}";

        using (var step = new ResNetStepHarness(options))
            Report($"step {tag} batch={batch} depth={depth}", steps, warmup, () => step.Step());
        if (conv)
        {
            using var c = new ConvHarness(options);
            Report($"conv_fwd {tag}", steps, warmup, () => c.Forward());
            Report($"conv_fwdbwd {tag}", steps, warmup, () => c.ForwardBackward());
        }
        return 0;
    }

    /// <summary>
    /// ISDA's cost on a training step: CE and ISDA steps of the same ResNet alternated one by one in one process
    /// (so machine load hits both alike), after <see cref="Runtime.Execution.TorchRuntime.Configure"/>. Prints the
    /// median of each and ISDA's overhead.
    /// </summary>
    private static int CompareMethods(int steps, int warmup, StepOptions options)
    {
        Runtime.Execution.TorchRuntime.Configure();
        using var basic = new ResNetStepHarness(options with { Method = "basic" });
        using var isda = new ResNetStepHarness(options with { Method = "isda" });
        var times = Alternate(steps, warmup, basic.Step, isda.Step);
        var (b, i) = (Median(times[0]), Median(times[1]));
        Console.WriteLine($"RESULT methods torchsharp threads={get_num_threads()} batch={options.Batch} network={options.NetworkLabel} basic_median_ms={b:F1} isda_median_ms={i:F1} isda_overhead_percent={100 * (i / b - 1):F1}");
        return 0;
    }

    /// <summary>
    /// Runs one step of each body in turn, <paramref name="warmup"/> + <paramref name="steps"/> rounds, so machine
    /// load hits all alike; returns each body's timed milliseconds (warm-up rounds left out).
    /// </summary>
    private static List<double>[] Alternate(int steps, int warmup, params Func<float>[] bodies)
    {
        var times = bodies.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < warmup + steps; round++)
        {
            for (var k = 0; k < bodies.Length; k++)
            {
                var sw = Stopwatch.StartNew();
                bodies[k]();
                if (round >= warmup)
                    times[k].Add(sw.Elapsed.TotalMilliseconds);
            }
        }
        return times;
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var t = values.Order().ToArray();
        return t.Length % 2 == 1 ? t[t.Length / 2] : (t[t.Length / 2 - 1] + t[t.Length / 2]) / 2;
    }

    /// <summary>
    /// In-process A/B: NCHW and channels-last inputs, each at 1 and 2 intra-op threads, one step of each in turn
    /// per round, so that the machine's load hits all four alike. Prints the median step time of each.
    /// </summary>
    private static int Interleave(int steps, int warmup, int batch, int depth)
    {
        using var nchw = new ResNetStepHarness(new StepOptions(Batch: batch, Depth: depth));
        using var cl = new ResNetStepHarness(new StepOptions(ChannelsLast: true, Batch: batch, Depth: depth));
        var cases = new (string Name, ResNetStepHarness Harness, int Threads)[]
        {
            ("nchw threads=1", nchw, 1), ("channels_last threads=1", cl, 1),
            ("nchw threads=2", nchw, 2), ("channels_last threads=2", cl, 2),
        };
        var times = Alternate(steps, warmup, cases.Select(c => (Func<float>)(() =>
        {
            set_num_threads(c.Threads);
            return c.Harness.Step();
        })).ToArray());
        for (var k = 0; k < cases.Length; k++)
        {
            var t = times[k];
            Console.WriteLine($"RESULT step_interleaved_{cases[k].Name.Replace(' ', '_')} torchsharp batch={batch} depth={depth} median_ms={Median(t):F1} min_ms={t.Min():F1} max_ms={t.Max():F1}");
        }
        return 0;
    }

    private static void Report(string what, int steps, int warmup, Func<float> body)
    {
        for (var i = 0; i < warmup; i++)
            body();
        var times = new double[steps];
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);
        for (var i = 0; i < steps; i++)
        {
            var sw = Stopwatch.StartNew();
            body();
            times[i] = sw.Elapsed.TotalMilliseconds;
        }
        Console.WriteLine($"RESULT {what} median_ms={Median(times):F1} min_ms={times.Min():F1} max_ms={times.Max():F1} gc0={GC.CollectionCount(0) - gen0} gc2={GC.CollectionCount(2) - gen2}");
    }
}
