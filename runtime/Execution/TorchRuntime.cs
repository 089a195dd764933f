using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Execution;

/// <summary>
/// The one place where the process-wide libtorch settings of this runtime are chosen. The trainer calls
/// <see cref="Configure"/> once at start-up, and, unless <see cref="ExecutionOptions.ChannelsLast"/> asks for NCHW,
/// <see cref="ToChannelsLast(Tensor)"/> on every input batch. Measurements and commands: benchmarks/README.md,
/// section "Training step vs PyTorch".
/// </summary>
public static class TorchRuntime
{
    /// <summary>Environment variable that sets the intra-op thread count when <see cref="Configure"/> is given none.</summary>
    public const string ThreadsVariable = "ISDADSL_TORCH_THREADS";

    /// <summary>The OpenMP variable that says whether idle worker threads spin or sleep (ACTIVE / PASSIVE).</summary>
    public const string WaitPolicyVariable = "OMP_WAIT_POLICY";

    /// <summary>
    /// Configures libtorch's CPU threading: asks OpenMP for PASSIVE waiting when it still can, then sets the
    /// intra-op thread count to <paramref name="threads"/> if given, else the integer in
    /// <see cref="ThreadsVariable"/> if set, else <see cref="DefaultThreads"/> for this machine, and keeps oneDNN
    /// to kernels that are right on this processor (<see cref="OneDnn"/>) and the memory of freed tensors in the
    /// process (<see cref="NativeHeap"/>).
    /// Call it first thing at start-up, before any other TorchSharp call: the wait policy is read by libgomp
    /// once, when TorchSharp loads libtorch. <see cref="PassiveWait"/> then says whether PASSIVE waiting is in effect.
    /// </summary>
    /// <remarks>
    /// Why (measurements on our 2-core shared machine, ResNet-32 step, batch 128; benchmarks/README.md):
    /// libtorch 2.10 (TorchSharp-cpu 0.107) runs one OpenMP thread per core, 2 here, and every convolution,
    /// BatchNorm and element-wise op is a parallel region ending in a barrier where libgomp's default (ACTIVE)
    /// policy spins. When another process wants a core, one of the two threads loses it for a time slice while
    /// the other spins at the barrier, op after op. With one competing busy process the channels-last step took
    /// 1.73 s at 2 spinning threads, 0.94 s at 1 thread and 0.94 s at 2 PASSIVE threads; under the heavier load
    /// of other jobs, 5.7 s (2 threads, as shipped) against 1.8 s (1 thread). On an idle machine 2 threads are
    /// still the fastest (0.53 s spinning, 0.63 s PASSIVE, 0.94 s with 1 thread). Debian's PyTorch 1.13 picks
    /// 1 thread on this machine, which never waits at a barrier: that was most of the reported 3.4× gap. So
    /// PASSIVE waiting with 2 threads is preferred; where it can no longer be set (libtorch already loaded) and the
    /// machine has at most 2 cores, 1 thread is the safe choice.
    /// Inter-op threads are left alone: eager forward/backward does not use that pool (no measurable effect).
    /// </remarks>
    /// <param name="threads">Intra-op threads; see above for the default.</param>
    /// <param name="kernelsPerNetwork">
    /// The process builds each network before it computes anything and hands it to <see cref="OneDnn.ChooseFor"/>
    /// (the CLI's training runs), so oneDNN's limit on a processor that hides its caches may be lifted for networks
    /// whose convolutions its faster kernels compute right there.
    /// </param>
    public static void Configure(int? threads = null, bool kernelsPerNetwork = false)
    {
        if (threads is < 1)
            throw new ArgumentException($"threads must be ≥ 1, got {threads}", nameof(threads));
        PassiveWait = PreferPassiveWait();
        NativeHeap.Configure();
        OneDnn.LimitWhereCachesAreHidden(liftable: kernelsPerNetwork);
        ApplyThreads(threads ?? ThreadsFromEnvironment() ?? DefaultThreads(Environment.ProcessorCount, PassiveWait));
    }

    /// <summary>
    /// Whether OpenMP worker threads sleep rather than spin while waiting (OMP_WAIT_POLICY=PASSIVE in effect),
    /// as found by the last <see cref="Configure"/> call; false before any.
    /// </summary>
    public static bool PassiveWait { get; private set; }

    /// <summary>
    /// The intra-op thread count <see cref="Configure"/> uses by default on a machine with
    /// <paramref name="processorCount"/> logical processors: null (libtorch's own choice, one thread per core)
    /// when OpenMP waits passively or the machine has more than 2 processors, otherwise 1.
    /// </summary>
    public static int? DefaultThreads(int processorCount, bool passiveWait) =>
        passiveWait || processorCount > 2 ? null : 1;

    // Kept out of Configure so that JIT-compiling Configure cannot initialise TorchSharp (and load libtorch, and
    // with it libgomp) before PreferPassiveWait has run.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ApplyThreads(int? threads)
    {
        if (threads is { } n && n != get_num_threads())
            set_num_threads(n);
    }

    private static bool PreferPassiveWait()
    {
        var current = Environment.GetEnvironmentVariable(WaitPolicyVariable);
        if (!string.IsNullOrEmpty(current))
            return current.Equals("PASSIVE", StringComparison.OrdinalIgnoreCase);
        return OperatingSystem.IsLinux() && !OpenMpLoaded() && NativeEnvironment.SetIfUnset(WaitPolicyVariable, "PASSIVE");
    }

    private static bool OpenMpLoaded() =>
        File.ReadLines("/proc/self/maps").Any(line => line.Contains("libgomp", StringComparison.Ordinal));

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
    /// <remarks>
    /// Why: libtorch runs the convolutions with oneDNN in both layouts, but for NCHW activations it reorders every
    /// one into oneDNN's blocked layout and back (ONEDNN_VERBOSE=1: 76 reorders for 26 convolution primitives in a
    /// ResNet-8 step, against 26 in channels-last, which also selects the brgemm kernels). A channels-last input is
    /// enough: each convolution returns its output in the input's layout and BN, ReLU, add and pooling keep it.
    /// The weights stay NCHW, so gradients, momentum buffers and checkpoints stay contiguous. Measured (ResNet-32
    /// step, batch 128, 2 threads, interleaved in one process): NCHW 724 ms, channels-last input 603 ms. Found as
    /// reproducible as NCHW (see <see cref="ExecutionOptions.ChannelsLast"/>), so the trainer's default.
    /// </remarks>
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
}
