using System.Runtime.InteropServices;

namespace IsdaDsl.Runtime.Execution;

/// <summary>
/// How glibc's malloc, which libtorch's CPU allocator calls for every tensor, keeps the memory of freed tensors. By
/// default it serves large blocks with fresh mmap pages and hands the top of its heaps back to the kernel after a
/// free, so a tensor of a few megabytes allocated every step is paged in again every step. On the project's virtual
/// machine a page fault costs microseconds: an 18 MB temporary of the ISDA head's backward took 75 ms instead of
/// 2.4 ms (benchmarks/README.md, "ISDA head"). <see cref="Configure"/> keeps blocks up to glibc's largest mmap
/// threshold on the heap and freed memory in the process, as PyTorch users get from jemalloc or tcmalloc.
/// </summary>
public static class NativeHeap
{
    /// <summary>glibc's variable for the size from which malloc serves a block by mmap.</summary>
    public const string MmapThresholdVariable = "MALLOC_MMAP_THRESHOLD_";

    /// <summary>glibc's variable for the free memory at a heap's top above which malloc returns it to the kernel.</summary>
    public const string TrimThresholdVariable = "MALLOC_TRIM_THRESHOLD_";

    /// <summary>The mmap threshold set: glibc's largest on 64-bit systems, 32 MiB (blocks above it are mmapped anyway).</summary>
    public const int MmapThresholdBytes = 32 << 20;

    /// <summary>The trim threshold set: freed memory up to 1 GiB at a heap's top stays with the process.</summary>
    public const int TrimThresholdBytes = 1 << 30;

    // mallopt's parameter numbers (malloc.h).
    private const int TrimThresholdParameter = -1;
    private const int MmapThresholdParameter = -3;

    /// <summary>
    /// The mallopt settings to make, as (variable, parameter, value): each of the two thresholds unless
    /// <paramref name="environment"/> gives its glibc variable, which glibc has then applied at start-up.
    /// </summary>
    public static IReadOnlyList<(string Variable, int Parameter, int Value)> Settings(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        (string Variable, int Parameter, int Value)[] all =
        [
            (MmapThresholdVariable, MmapThresholdParameter, MmapThresholdBytes),
            (TrimThresholdVariable, TrimThresholdParameter, TrimThresholdBytes),
        ];
        return all.Where(s => string.IsNullOrEmpty(environment(s.Variable))).ToList();
    }

    /// <summary>
    /// Applies <see cref="Settings"/> for this process's environment through glibc's mallopt; may be called at any
    /// time. Returns whether every setting was made (false off Linux or where the C library is not glibc).
    /// </summary>
    public static bool Configure()
    {
        if (!OperatingSystem.IsLinux())
            return false;
        try
        {
            return Settings(Environment.GetEnvironmentVariable).All(s => MallOpt(s.Parameter, s.Value) == 1);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);
}
