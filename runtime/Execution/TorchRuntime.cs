using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Execution;

/// <summary>
/// The one place where the process-wide libtorch settings of this runtime are chosen.
/// The command-line program calls <see cref="Configure"/> once at start-up, before it builds a model.
/// </summary>
public static class TorchRuntime
{
    /// <summary>Applies the runtime's libtorch settings; <paramref name="threads"/> overrides the intra-op thread count (default: all cores).</summary>
    public static void Configure(int? threads = null)
    {
        if (threads is < 1)
            throw new ArgumentException($"--threads must be ≥ 1, got {threads}");
        set_num_threads(threads ?? Environment.ProcessorCount);
    }
}
