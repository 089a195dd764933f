using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace IsdaDsl.Runtime.Execution;

/// <summary>
/// libtorch's use of oneDNN (MKL-DNN) for CPU convolutions, kept to kernels that are right on this processor: on an
/// x86 processor that does not list its data caches (<see cref="ListsDataCaches"/>), oneDNN is limited to its SSE4.1
/// kernels (<see cref="LimitWhereCachesAreHidden"/>) or, where that limit comes too late, turned off
/// (<see cref="DisableWhereCachesAreHidden"/>).
/// </summary>
/// <remarks>
/// Why: oneDNN sizes the blocking of its JIT convolution kernels from the caches the processor lists in CPUID's
/// deterministic cache-parameters leaf (leaf 4 on Intel, 0x8000001D on AMD). Some virtual machines list none there;
/// this project's 2-core AMD EPYC of 2026-12-02 (CPU family 26) gives its caches only in the legacy AMD leaves. On it
/// libtorch 2.10's oneDNN 3.7.1 computed wrong input gradients in convolution backward (the jit:avx, jit:avx2 and
/// jit:avx512_core backward_data kernels): 324 of 1 000 random 3×3 convolutions of 4 to 16 channels were off by up to
/// 10, or NaN, against a float64 reference; forward and weight gradients were right. It showed as NaN losses in small
/// networks and as crashes of the test host. Limited to SSE4.1 (backward data then runs as im2col and oneDNN's GEMM),
/// none of 1 300 was wrong, at about the speed of the AVX-512 kernels; with oneDNN off libtorch's own kernels were
/// right too, but a ResNet step took 2.5 to 5 times as long. docs/architecture.md, "Known libtorch issues", has the
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

    private static int _disableChecked;

    /// <summary>Whether <see cref="LimitWhereCachesAreHidden"/> limited oneDNN to <see cref="SafeIsa"/> in this process.</summary>
    public static bool Limited { get; private set; }

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
    /// Limits oneDNN to <see cref="SafeIsa"/> when this processor hides its caches and the user has not chosen an
    /// instruction set (<see cref="IsaVariable"/> or <see cref="LegacyIsaVariable"/>). oneDNN reads the limit once,
    /// at its first kernel, so <see cref="TorchRuntime.Configure"/> calls this before any tensor work.
    /// </summary>
    public static void LimitWhereCachesAreHidden()
    {
        if (Limited || !HidesCaches() || UserChoseIsa())
            return;
        Limited = NativeEnvironment.SetIfUnset(IsaVariable, SafeIsa);
    }

    /// <summary>
    /// Turns oneDNN off for the whole process when this processor hides its caches, unless it was limited in time
    /// (<see cref="Limited"/>) or the user chose its instruction set; does nothing after the first call. The
    /// runtime's entry points (<see cref="TorchRuntime.Configure"/> and the trainers and runners) call it, so that a
    /// program that never called Configure still gets right gradients.
    /// </summary>
    public static void DisableWhereCachesAreHidden()
    {
        if (Interlocked.Exchange(ref _disableChecked, 1) == 1 || Limited || !HidesCaches() || UserChoseIsa())
            return;
        SetEnabled(false);
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
