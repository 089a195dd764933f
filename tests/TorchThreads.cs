using System.Runtime.CompilerServices;
using IsdaDsl.Runtime.Execution;

namespace IsdaDsl.Tests;

/// <summary>
/// The test process sets libtorch up as the CLI does (<see cref="TorchRuntime.Configure"/>, which also turns oneDNN
/// off on processors where its convolution kernels are wrong), with one intra-op thread: xunit runs two test classes
/// at a time, which keeps both cores of a 2-core machine busy.
/// </summary>
internal static class TorchThreads
{
    [ModuleInitializer]
    internal static void ConfigureTorch() => TorchRuntime.Configure(threads: 1);
}
