using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace IsdaDsl.Runtime.Execution;

/// <summary>
/// libtorch's use of oneDNN (MKL-DNN) for CPU convolutions, kept to kernels that are right on this processor: on an
/// x86 processor that does not list its data caches (<see cref="ListsDataCaches"/>), oneDNN is limited to its SSE4.1
/// kernels (<see cref="LimitWhereCachesAreHidden"/>) unless the networks of the process are ones its other kernels
/// compute right (<see cref="ChooseFor"/>), or, where that limit comes too late, turned off.
/// </summary>
/// <remarks>
/// Why: oneDNN sizes the blocking of its JIT convolution kernels from the caches the processor lists in CPUID's
/// deterministic cache-parameters leaf (leaf 4 on Intel, 0x8000001D on AMD). Some virtual machines list none there;
/// this project's 2-core AMD EPYC of 2026-12-02 (CPU family 26) gives its caches only in the legacy AMD leaves. On it
/// libtorch 2.10's oneDNN 3.7.1 computed wrong input gradients in convolution backward (the jit:avx, jit:avx2 and
/// jit:avx512_core backward_data kernels): 324 of 1 000 random 3×3 convolutions of 4 to 16 channels were off by up to
/// 10, or NaN, against a float64 reference; forward and weight gradients were right. It showed as NaN losses in small
/// networks and as crashes of the test host. Limited to SSE4.1 (backward data then runs as im2col and oneDNN's GEMM),
/// none of 1 300 was wrong, but a ResNet-32 step took 2.6 times as long as with the AVX-512 kernels; with oneDNN off
/// libtorch's own kernels were right too, and slower still. The AVX-512 kernels were wrong only at channel counts
/// outside multiples of 16, hence <see cref="ChooseFor"/>. docs/architecture.md, "Known libtorch issues", has the
/// measurements.
/// </remarks>
public static class OneDnn
{
    /// <summary>The variable oneDNN reads, once, for the newest instruction set its kernels may use.</summary>
    public const string IsaVariable = "ONEDNN_MAX_CPU_ISA";

    /// <summary>The older name of <see cref="IsaVariable"/>, which oneDNN still reads.</summary>
    public const string LegacyIsaVariable = "DNNL_MAX_CPU_ISA";

    /// <summary>The instruction set oneDNN is limited to where the processor hides its caches.</summary>
    public const string SafeIsa = "SSE41";

    private static readonly Lock ChoiceLock = new();
    private static KernelChoice _choice = KernelChoice.Open;

    /// <summary>What this process has done about oneDNN's kernels so far.</summary>
    internal enum KernelChoice
    {
        /// <summary>Nothing yet: no limit set in time, oneDNN on.</summary>
        Open,
        /// <summary>Limited to <see cref="SafeIsa"/> for good.</summary>
        Limited,
        /// <summary>Limited to <see cref="SafeIsa"/> until the first network says whether it may be lifted.</summary>
        Deferred,
        /// <summary>Full instruction set, for networks whose convolutions are all <see cref="RightAtEveryIsa"/>.</summary>
        Lifted,
        /// <summary>oneDNN turned off.</summary>
        Disabled,
        /// <summary>Left alone: the processor lists its caches, or the user chose the instruction set.</summary>
        NotNeeded,
    }

    /// <summary>Whether oneDNN is limited to <see cref="SafeIsa"/> in this process (set in time, not lifted).</summary>
    public static bool Limited => _choice is KernelChoice.Limited or KernelChoice.Deferred;

    /// <summary>Whether libtorch may run convolutions with oneDNN in this process (its global flag).</summary>
    public static bool Enabled
    {
        get
        {
            TorchSharp.torch.InitializeDeviceType(TorchSharp.DeviceType.CPU);
            return UserEnabledMkldnn(GlobalContext());
        }
    }

    /// <summary>
    /// The kernels libtorch runs convolutions with in this process, in words: "off" (oneDNN turned off),
    /// <see cref="SafeIsa"/> (the limit holds), the instruction set the user chose, or "all" (every instruction set
    /// the processor has). A GAN augmentation's generator may run without oneDNN meanwhile (<see cref="ForAnyConvolution"/>).
    /// </summary>
    public static string Kernels
    {
        get
        {
            lock (ChoiceLock)
                return Describe(_choice, Enabled, new[] { IsaVariable, LegacyIsaVariable }.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrEmpty(v)));
        }
    }

    /// <summary><see cref="Kernels"/> in a process at <paramref name="choice"/>, oneDNN <paramref name="enabled"/> or not, the user's instruction set <paramref name="userIsa"/> (null if none).</summary>
    internal static string Describe(KernelChoice choice, bool enabled, string? userIsa) =>
        !enabled ? "off"
        : choice is KernelChoice.Limited or KernelChoice.Deferred ? SafeIsa
        // A lifted limit was this class's own, never a user's.
        : choice is KernelChoice.Lifted ? "all"
        : userIsa ?? "all";

    /// <summary>
    /// Limits oneDNN to <see cref="SafeIsa"/> when this processor hides its caches and the user has not chosen an
    /// instruction set (<see cref="IsaVariable"/> or <see cref="LegacyIsaVariable"/>). oneDNN reads the limit once,
    /// at its first kernel, so <see cref="TorchRuntime.Configure"/> calls this before any tensor work. With
    /// <paramref name="liftable"/>, the first networks given to <see cref="ChooseFor"/> may still lift it: a process
    /// that builds its networks before any convolution runs (the CLI's training runs) says so.
    /// </summary>
    public static void LimitWhereCachesAreHidden(bool liftable = false)
    {
        lock (ChoiceLock)
        {
            if (_choice != KernelChoice.Open)
                return;
            if (!HidesCaches() || UserChoseIsa())
                _choice = KernelChoice.NotNeeded;
            else if (NativeEnvironment.SetIfUnset(IsaVariable, SafeIsa))
                _choice = liftable ? KernelChoice.Deferred : KernelChoice.Limited;
            else
            {
                SetEnabled(false); // the C environment could not be set
                _choice = KernelChoice.Disabled;
            }
        }
    }

    /// <summary>
    /// Keeps convolutions right for <paramref name="networks"/>, built and about to compute, and returns a line
    /// worth telling the user, or null. Where the limit is still deferred, it is lifted when every convolution of the
    /// networks is <see cref="RightAtEveryIsa"/> and kept for good otherwise; once lifted, or where no limit came in
    /// time, networks with other convolutions turn oneDNN off for the process. Runners call this before their first
    /// forward pass.
    /// </summary>
    public static string? ChooseFor(IEnumerable<TorchSharp.torch.nn.Module> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        return Choose(networks.All(RightAtEveryIsa));
    }

    /// <summary>
    /// <see cref="ChooseFor"/> for networks whose convolutions are not looked at (the GAN trainer's, the
    /// reconstruction's): keeps the limit, or turns oneDNN off where the limit did not come in time or was lifted.
    /// </summary>
    public static string? ChooseForAnyConvolution() => Choose(right: false);

    private static string? Choose(bool right)
    {
        lock (ChoiceLock)
        {
            var (next, action) = Next(_choice, right, () => HidesCaches() && !UserChoseIsa());
            _choice = next;
            switch (action)
            {
                case KernelAction.Lift:
                    NativeEnvironment.Unset(IsaVariable);
                    return "oneDNN: all instruction sets (every convolution of the network has channel counts its kernels compute right on this processor)";
                case KernelAction.Disable:
                    SetEnabled(false);
                    return "oneDNN: turned off (this network has convolutions whose gradients its kernels get wrong on this processor at the instruction set already in use)";
                default:
                    return null;
            }
        }
    }

    /// <summary>
    /// Keeps convolutions of any channel counts right until disposed, for networks that only compute forward inside a
    /// process whose trained networks chose the kernels (a GAN augmentation's generator, <see cref="ChooseFor"/> not
    /// told of it): turns oneDNN off for the while where the process runs its full instruction set on a processor that
    /// hides its caches, and does nothing elsewhere. Why: oneDNN computes a transposed convolution's forward pass with
    /// its backward-data kernels, the ones that were wrong there. The flag is the process's: the convolutions of the
    /// other networks must not run on other threads meanwhile.
    /// </summary>
    public static Suspension ForAnyConvolution()
    {
        lock (ChoiceLock)
            return new Suspension(TurnsOffForAnyConvolution(_choice, () => HidesCaches() && !UserChoseIsa()));
    }

    /// <summary>
    /// Whether <see cref="ForAnyConvolution"/> turns oneDNN off in a process at <paramref name="choice"/>: where its
    /// kernels run at the full instruction set and <paramref name="needsCare"/> (lifted, or no limit came in time).
    /// </summary>
    internal static bool TurnsOffForAnyConvolution(KernelChoice choice, Func<bool> needsCare) =>
        choice is KernelChoice.Lifted || (choice is KernelChoice.Open && needsCare());

    /// <summary>oneDNN turned off until disposed, where it was on and had to be (<see cref="ForAnyConvolution"/>).</summary>
    public readonly struct Suspension : IDisposable
    {
        private readonly bool restore;

        internal Suspension(bool turnOff)
        {
            restore = turnOff && Enabled;
            if (restore)
                SetEnabled(false);
        }

        /// <summary>Turns oneDNN back on if this turned it off.</summary>
        public void Dispose()
        {
            if (restore)
                SetEnabled(true);
        }
    }

    /// <summary>What <see cref="ChooseFor"/> does to oneDNN.</summary>
    internal enum KernelAction { None, Lift, Disable }

    /// <summary>
    /// The choice after networks whose convolutions are all right at every instruction set (<paramref name="right"/>)
    /// or not come to compute in a process at <paramref name="choice"/>, and what to do now. <paramref name="needsCare"/>
    /// (the processor hides its caches and the user left the instruction set to us) is asked only where no limit was set.
    /// </summary>
    internal static (KernelChoice Next, KernelAction Action) Next(KernelChoice choice, bool right, Func<bool> needsCare) => choice switch
    {
        KernelChoice.Deferred => right ? (KernelChoice.Lifted, KernelAction.Lift) : (KernelChoice.Limited, KernelAction.None),
        KernelChoice.Lifted => right ? (KernelChoice.Lifted, KernelAction.None) : (KernelChoice.Disabled, KernelAction.Disable),
        // No limit came in time: the kernels run at the full instruction set.
        KernelChoice.Open when !needsCare() => (KernelChoice.NotNeeded, KernelAction.None),
        KernelChoice.Open => right ? (KernelChoice.Lifted, KernelAction.None) : (KernelChoice.Disabled, KernelAction.Disable),
        _ => (choice, KernelAction.None),
    };

    /// <summary>
    /// Whether every convolution of <paramref name="network"/> has channel counts at which oneDNN 3.7.1's kernels of
    /// every instruction set were right on the processor that hides its caches: ungrouped convolutions with a
    /// multiple of 16 output channels and a multiple of 16, or 1 or 3 (images), input channels; ungrouped transposed
    /// convolutions with both counts multiples of 16. Other counts (the DCGAN generator's 100 noise channels, a
    /// critic's 1-channel output, 4 to 12 channels) had wrong input gradients there (docs/architecture.md, "Known
    /// libtorch issues"); a convolution of any other kind counts as wrong.
    /// </summary>
    public static bool RightAtEveryIsa(TorchSharp.torch.nn.Module network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.modules().Prepend(network).All(module => module switch
        {
            TorchSharp.Modules.Conv2d c => c.groups == 1 && c.out_channels % 16 == 0 && (c.in_channels % 16 == 0 || c.in_channels is 1 or 3),
            TorchSharp.Modules.ConvTranspose2d t => t.groups == 1 && t.out_channels % 16 == 0 && t.in_channels % 16 == 0,
            _ => !module.GetType().Name.Contains("Conv", StringComparison.Ordinal),
        });
    }

    /// <summary>
    /// Whether an x86 processor lists a data (or unified) cache in its deterministic cache-parameters leaf, read
    /// through <paramref name="cpuid"/> (leaf, subleaf → eax, ebx, ecx, edx): leaf 0x8000001D on AMD and Hygon,
    /// leaf 4 on the others, each only where the processor's highest leaf reaches it.
    /// </summary>
    public static bool ListsDataCaches(Func<int, int, (int Eax, int Ebx, int Ecx, int Edx)> cpuid)
    {
        var (highestBasic, vendorB, vendorC, vendorD) = cpuid(0, 0);
        var vendor = Vendor(vendorB, vendorD, vendorC);
        var amd = vendor is "AuthenticAMD" or "HygonGenuine";
        var leaf = amd ? unchecked((int)0x8000001D) : 4;
        var highest = amd ? cpuid(unchecked((int)0x80000000), 0).Eax : highestBasic;
        if ((uint)highest < (uint)leaf)
            return false;
        for (var subleaf = 0; subleaf < 16; subleaf++)
        {
            var type = cpuid(leaf, subleaf).Eax & 0x1F; // 0 ends the list; 1 data, 2 instruction, 3 unified
            if (type == 0)
                return false;
            if (type is 1 or 3)
                return true;
        }
        return false;
    }

    private static bool HidesCaches() =>
        X86Base.IsSupported && !ListsDataCaches(static (leaf, subleaf) => X86Base.CpuId(leaf, subleaf));

    private static bool UserChoseIsa() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(IsaVariable)) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(LegacyIsaVariable));

    private static string Vendor(params int[] registers) =>
        string.Concat(registers.SelectMany(BitConverter.GetBytes).Select(b => (char)b));

    // TorchSharp loads libtorch from its own package folders, so it goes first.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SetEnabled(bool enabled)
    {
        TorchSharp.torch.InitializeDeviceType(TorchSharp.DeviceType.CPU);
        SetUserEnabledMkldnn(GlobalContext(), enabled);
    }

    // TorchSharp has no switch for oneDNN, so these call libtorch's own (at::globalContext() and the
    // at::Context members that torch.backends.mkldnn.enabled uses in PyTorch) by their C++ symbol names.
    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledMkldnn(IntPtr context);

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
}
