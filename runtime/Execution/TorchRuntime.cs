using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Execution;

/// <summary>
/// The one place where the process-wide libtorch settings of this runtime are chosen. The trainer calls
/// <see cref="Configure"/> once at start-up, and <see cref="ToChannelsLast(nn.Module)"/> on the model right after
/// building it (before building the optimizer). Measurements and commands: benchmarks/README.md,
/// section "Training step vs PyTorch".
/// </summary>
public static class TorchRuntime
{
    /// <summary>Environment variable that sets the intra-op thread count when <see cref="Configure"/> is given none.</summary>
    public const string ThreadsVariable = "ISDADSL_TORCH_THREADS";

    /// <summary>
    /// Sets libtorch's intra-op thread count: <paramref name="threads"/> if given, else the integer in
    /// <see cref="ThreadsVariable"/> if set, else <see cref="DefaultThreads"/> for this machine.
    /// </summary>
    /// <remarks>
    /// Why: libtorch 2.10 (TorchSharp-cpu 0.107) starts one OpenMP thread per core, 2 on our 2-core machine, and
    /// every convolution, BatchNorm and element-wise op is an OpenMP parallel region ending in a barrier. When any
    /// other process wants a core (the machine is shared), one of the two threads is descheduled for a whole time
    /// slice and the other waits for it at each barrier. Measured on that machine under load, ResNet-32 training
    /// step, batch 128: 2 threads 5.7 s against 1 thread 1.8 s (3 alternating rounds each); the single 3×3 conv
    /// forward+backward 240 ms against 55 ms. PyTorch 1.13 from Debian picks 1 thread on this machine by itself,
    /// which was most of the reported 3.4× gap. OMP_WAIT_POLICY=PASSIVE with 2 threads recovered about as much,
    /// but libgomp reads it only when libtorch is loaded, so it cannot be set from here reliably.
    /// Inter-op threads are left alone: eager forward/backward never uses that pool (no measurable effect).
    /// </remarks>
    public static void Configure(int? threads = null)
    {
        var requested = threads ?? ThreadsFromEnvironment() ?? DefaultThreads(Environment.ProcessorCount);
        if (requested is { } n && n != get_num_threads())
            set_num_threads(n);
    }

    /// <summary>
    /// The intra-op thread count <see cref="Configure"/> uses by default on a machine with
    /// <paramref name="processorCount"/> logical processors: 1 on up to 2 processors (see the remarks of
    /// <see cref="Configure"/>), otherwise null, which keeps libtorch's own choice (one thread per core).
    /// </summary>
    public static int? DefaultThreads(int processorCount) => processorCount <= 2 ? 1 : null;

    private static int? ThreadsFromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(ThreadsVariable);
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (!int.TryParse(text, out var n) || n < 1)
            throw new ArgumentException($"{ThreadsVariable} must be a positive integer, got '{text}'");
        return n;
    }

    /// <summary>
    /// Returns a copy of a 4-D tensor [N, C, H, W] laid out channels-last (the strides of NHWC, same shape and
    /// values); a tensor of any other rank is returned as a new handle on the same storage.
    /// </summary>
    public static Tensor ToChannelsLast(Tensor tensor)
    {
        if (tensor.dim() != 4)
            return tensor.alias();
        var (n, c, h, w) = (tensor.shape[0], tensor.shape[1], tensor.shape[2], tensor.shape[3]);
        // A fresh NHWC-strided tensor filled by copy_, not permute().contiguous().permute(): that would be a view,
        // and autograd refuses a view made under no_grad as a parameter that is later updated in place.
        var relaid = empty_strided([n, c, h, w], [h * w * c, 1, w * c, c], tensor.dtype, tensor.device);
        using (no_grad())
            relaid.copy_(tensor);
        return relaid;
    }

    /// <summary>
    /// Re-lays the weight of every <see cref="Conv2d"/> in <paramref name="module"/> out channels-last. The weights
    /// are replaced by new <see cref="Parameter"/> objects holding the same values, so call this before building
    /// the optimizer. Inputs need no conversion: a convolution with a channels-last weight returns a channels-last
    /// output, and BatchNorm, ReLU, add and pooling keep that layout through the whole network.
    /// </summary>
    /// <remarks>
    /// Why: libtorch runs these convolutions with oneDNN in both layouts, but for NCHW tensors it reorders every
    /// activation into oneDNN's blocked layout and back (ONEDNN_VERBOSE=1: 72 reorders for 26 convolution
    /// primitives in a ResNet-8 step, against 26 in channels-last, which also selects the brgemm kernels).
    /// Measured on our 2-core machine, 1 thread: ResNet-32 step 1.8 s → 0.97 s; conv 3×3 forward+backward
    /// 55 ms → 26 ms.
    /// </remarks>
    public static void ToChannelsLast(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            if (child is not Conv2d { weight: { } weight } conv)
                continue;
            // Tensor.set_ would keep the Parameter object, but in TorchSharp 0.107 it returns a second wrapper
            // owning the same native handle (disposing either frees both), so the parameter is replaced instead.
            conv.weight = new Parameter(ToChannelsLast(weight), weight.requires_grad);
        }
    }
}
