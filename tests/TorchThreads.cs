using System.Runtime.CompilerServices;
using IsdaDsl.Runtime.Execution;

namespace IsdaDsl.Tests;

/// <summary>
/// The test process sets libtorch up as the CLI does (<see cref="TorchRuntime.Configure"/>, which also keeps oneDNN
/// to the convolution kernels that are right on this processor), before any tensor work and with one intra-op thread:
/// xunit runs two test classes at a time, which keeps both cores of a 2-core machine busy.
/// </summary>
internal static class TorchThreads
{
    [ModuleInitializer]
    internal static void ConfigureTorch() => TorchRuntime.Configure(threads: 1);
}
