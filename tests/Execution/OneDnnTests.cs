using System.Runtime.Intrinsics.X86;
using IsdaDsl.Runtime.Execution;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Execution;

public class OneDnnTests
{
    private const int Amd = unchecked((int)0x8000001D);

    /// <summary>A fake CPUID: the vendor and highest leaves, and the cache type of each subleaf of the cache leaf.</summary>
    private static Func<int, int, (int, int, int, int)> Cpuid(string vendor, int highestBasic, int highestExtended, int cacheLeaf, params int[] cacheTypes)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(vendor);
        var (ebx, edx, ecx) = (BitConverter.ToInt32(bytes, 0), BitConverter.ToInt32(bytes, 4), BitConverter.ToInt32(bytes, 8));
        return (leaf, subleaf) => leaf switch
        {
            0 => (highestBasic, ebx, ecx, edx),
            unchecked((int)0x80000000) => (highestExtended, 0, 0, 0),
            _ when leaf == cacheLeaf && subleaf < cacheTypes.Length => (cacheTypes[subleaf] | (1 << 5), 0, 0, 0),
            _ => (0, 0, 0, 0),
        };
    }

    [Fact]
    public void A_processor_lists_its_data_caches_only_with_a_data_or_unified_cache_in_its_vendors_leaf()
    {
        Assert.True(OneDnn.ListsDataCaches(Cpuid("AuthenticAMD", 0xD, Amd, Amd, 1, 2, 3)));
        Assert.True(OneDnn.ListsDataCaches(Cpuid("GenuineIntel", 0x16, unchecked((int)0x80000008), 4, 2, 3)));
        // The machine of docs/architecture.md "Known libtorch issues": an AMD processor with an empty leaf 0x8000001D.
        Assert.False(OneDnn.ListsDataCaches(Cpuid("AuthenticAMD", 0xD, Amd, Amd)));
        Assert.False(OneDnn.ListsDataCaches(Cpuid("GenuineIntel", 0x16, 0, 4, 2)));
        // The leaf of the other vendor does not count, nor a leaf above the processor's highest.
        Assert.False(OneDnn.ListsDataCaches(Cpuid("AuthenticAMD", 0xD, Amd, 4, 1)));
        Assert.False(OneDnn.ListsDataCaches(Cpuid("AuthenticAMD", 0xD, unchecked((int)0x8000001C), Amd, 1)));
        Assert.False(OneDnn.ListsDataCaches(Cpuid("GenuineIntel", 3, 0, 4, 1)));
    }

    [Fact]
    public void The_test_process_keeps_oneDNN_on_limited_to_SSE4_1_exactly_where_an_x86_processor_hides_its_caches()
    {
        // The test process is set up by TorchRuntime.Configure before any tensor work, so the limit comes in time.
        var hides = X86Base.IsSupported && !OneDnn.ListsDataCaches((leaf, subleaf) => X86Base.CpuId(leaf, subleaf));
        Assert.True(OneDnn.Enabled);
        Assert.Equal(hides, OneDnn.Limited);
    }

    /// <summary>
    /// The convolutions of the networks (3×3, 4 to 16 channels, 1 to 16 images) and the DCGAN generator's transposed
    /// convolution (4×4, stride 2), forward and both gradients, against the same convolutions in float64. On a processor that hides
    /// its caches, oneDNN's input gradients failed this for about a third of the cases, unless it was limited to SSE4.1.
    /// </summary>
    [Fact]
    public void Convolutions_and_their_gradients_match_float64()
    {
        for (var trial = 0; trial < 48; trial++)
        {
            using var scope = NewDisposeScope();
            manual_seed(trial);
            var (images, channels) = (1 + trial % 16, 4 + 4 * (trial % 4));
            var transposed = trial % 3 == 2;
            var x = randn(images, channels, 8, 8, requires_grad: true);
            var weight = randn(channels, channels, transposed ? 4 : 3, transposed ? 4 : 3, requires_grad: true);
            var x64 = x.detach().to(float64).requires_grad_();
            var weight64 = weight.detach().to(float64).requires_grad_();
            Tensor Convolve(Tensor input, Tensor w) => transposed
                ? nn.functional.conv_transpose2d(input, w, strides: [2, 2], padding: [1, 1])
                : nn.functional.conv2d(input, w, padding: [1, 1]);
            var y = Convolve(x, weight);
            var y64 = Convolve(x64, weight64);
            var outputGradient = randn(y.shape);
            y.backward([outputGradient]);
            y64.backward([outputGradient.to(float64)]);

            var what = $"trial {trial}: {images} images, {channels} channels{(transposed ? ", transposed" : "")}";
            AssertClose(y64, y, $"{what}, output");
            AssertClose(x64.grad!, x.grad!, $"{what}, input gradient");
            AssertClose(weight64.grad!, weight.grad!, $"{what}, weight gradient");
        }
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        var error = (actual.to(float64) - expected).abs().max().item<double>();
        var scale = expected.abs().max().item<double>();
        Assert.True(error <= 1e-5 * Math.Max(1, scale), $"{what}: largest error {error} (values up to {scale})");
    }
}
