using System.Runtime.CompilerServices;

namespace IsdaDsl.Tests;

/// <summary>
/// The test process runs libtorch with one intra-op thread. With two, on the 2-core AMD EPYC (CPU family 26) machine
/// of this project's session of 2026-12-02, small networks (widths 4 to 16, batches of 1 to 16 images) gave NaN
/// losses now and then, in tests that had always passed: the ResNet and baseline training tests failed 6 to 9 of 27
/// per run with two threads and none with one, and limiting oneDNN to AVX2 did not cure it (docs/architecture.md,
/// "Known libtorch issues"). xunit runs two test classes at a time, so both cores stay busy.
/// </summary>
internal static class TorchThreads
{
    [ModuleInitializer]
    internal static void UseOneThread() => TorchSharp.torch.set_num_threads(1);
}
