using IsdaDsl.Runtime.Execution;
using static TorchSharp.torch;

namespace IsdaDsl.Benchmarks;

/// <summary>
/// `IsdaDsl.Benchmarks onednn-check [--threads N]`: whether oneDNN computes the convolutions of this project's
/// networks right at the instruction set the process runs at (<c>ONEDNN_MAX_CPU_ISA</c> as exported; unset, the
/// processor's best). Each convolution (the ResNets' and DCGANs' channel counts, kernels and strides, plus the
/// channel counts <see cref="OneDnn.RightAtEveryIsa"/> rules out) runs forward and backward at four batch and image
/// sizes, NCHW and with channels-last inputs (as the trainer's <c>--channels-last</c> batches), in float32 and in
/// float64; a case is wrong when its output, input gradient or weight gradient differs from
/// float64's by more than 1e-4 of the largest float64 value. Prints one line per case and the count of wrong ones.
/// </summary>
internal static class OneDnnCheckConsole
{
    private static readonly (int In, int Out, int Kernel, int Stride, bool Transposed)[] Convolutions =
    [
        // ResNet stems (1- and 3-channel images) and stages of widths 16, 32, 64, with 1×1 projections.
        (3, 16, 3, 1, false), (1, 16, 3, 1, false), (16, 16, 3, 1, false), (16, 32, 3, 2, false), (16, 32, 1, 2, false),
        (32, 32, 3, 1, false), (32, 64, 3, 2, false), (32, 64, 1, 2, false), (64, 64, 3, 1, false),
        // The DCGAN critic (1 → 64 → 128 → 256) and generator (100 noise channels → 512 → 256 → 128 → 64 → 1).
        (1, 64, 4, 2, false), (64, 128, 4, 2, false), (128, 256, 4, 2, false), (3, 64, 4, 2, false),
        (100, 512, 4, 1, true), (512, 256, 4, 2, true), (256, 128, 4, 2, true), (128, 64, 4, 2, true), (64, 1, 4, 2, true),
        // Counts the rule keeps away from the full instruction set.
        (256, 1, 4, 1, false), (8, 8, 3, 1, false), (12, 12, 3, 1, false),
    ];

    public static int Run(string[] args)
    {
        var threads = 2;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--threads": threads = int.Parse(args[++i]); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        // No TorchRuntime.Configure: the instruction set is the one exported, so that each can be checked.
        set_num_threads(threads);
        var isa = Environment.GetEnvironmentVariable(OneDnn.IsaVariable) is { Length: > 0 } set ? set : "(unset: the processor's best)";
        int wrong = 0, total = 0;
        foreach (var (inChannels, outChannels, kernel, stride, transposed) in Convolutions)
        {
            foreach (var channelsLast in new[] { false, true })
            foreach (var (batch, side) in new[] { (4, 8), (128, 32), (32, 16), (1, 7) })
            {
                using var scope = NewDisposeScope();
                manual_seed(total++);
                var errors = Errors(inChannels, outChannels, kernel, stride, transposed, batch, side, channelsLast);
                var bad = !errors.All(e => e < 1e-4);
                wrong += bad ? 1 : 0;
                Console.WriteLine($"{(bad ? "WRONG" : "right")} {(transposed ? "transposed " : "")}{inChannels}→{outChannels} {kernel}×{kernel} stride {stride}, " +
                                  $"{batch} images of {side}×{side}{(channelsLast ? ", channels-last" : "")}: output {errors[0]:E1}, input gradient {errors[1]:E1}, weight gradient {errors[2]:E1}");
            }
        }
        Console.WriteLine($"RESULT onednn-check isa={isa} threads={get_num_threads()} wrong={wrong} of {total}");
        return 0;
    }

    /// <summary>Relative errors of the output, input gradient and weight gradient of one convolution against float64.</summary>
    private static double[] Errors(int inChannels, int outChannels, int kernel, int stride, bool transposed, int batch, int side, bool channelsLast)
    {
        var x = randn(batch, inChannels, side, side);
        x = (channelsLast ? TorchRuntime.ToChannelsLast(x) : x).requires_grad_();
        var weight = transposed ? randn(inChannels, outChannels, kernel, kernel, requires_grad: true) : randn(outChannels, inChannels, kernel, kernel, requires_grad: true);
        var x64 = x.detach().to(float64).requires_grad_();
        var weight64 = weight.detach().to(float64).requires_grad_();
        Tensor Convolve(Tensor input, Tensor w) => transposed
            ? nn.functional.conv_transpose2d(input, w, strides: [stride, stride], padding: [1, 1])
            : nn.functional.conv2d(input, w, strides: [stride, stride], padding: [kernel / 2, kernel / 2]);
        var y = Convolve(x, weight);
        var y64 = Convolve(x64, weight64);
        var outputGradient = randn(y.shape);
        y.backward([outputGradient]);
        y64.backward([outputGradient.to(float64)]);
        static double Relative(Tensor value, Tensor reference) =>
            (value.to(float64) - reference).abs().max().item<double>() / (reference.abs().max().item<double>() + 1e-12);
        return [Relative(y, y64), Relative(x.grad!, x64.grad!), Relative(weight.grad!, weight64.grad!)];
    }
}
