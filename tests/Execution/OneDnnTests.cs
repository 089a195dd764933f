using System.Runtime.Intrinsics.X86;
using IsdaDsl.Runtime.Execution;
using IsdaDsl.Runtime.Gan;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Tests.Models;
using TorchSharp;
using Choice = IsdaDsl.Runtime.Execution.OneDnn.KernelChoice;
using Action = IsdaDsl.Runtime.Execution.OneDnn.KernelAction;
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
    /// Which networks may run at oneDNN's full instruction set on a processor that hides its caches: those whose
    /// channel counts were right there (multiples of 16, and 1- or 3-channel images into the first layer). Building
    /// a network runs no convolution, so this test leaves the test process's own limit as it is.
    /// </summary>
    [Fact]
    public void The_networks_whose_convolutions_were_right_at_every_instruction_set_are_told_from_the_others()
    {
        var fashion = new InputShape(1, 28, 28);
        var cifar = new InputShape(3, 32, 32);
        using (var resnet8 = NetworkChecks.FromCatalog("resnet", fashion, 10, ("depth", "8"), ("width", "16")))
            Assert.True(OneDnn.RightAtEveryIsa(resnet8));
        using (var resnet32 = NetworkChecks.FromCatalog("resnet", cifar, 10, ("depth", "32")))
            Assert.True(OneDnn.RightAtEveryIsa(resnet32));
        using (var narrow = NetworkChecks.FromCatalog("resnet", cifar, 10, ("depth", "8"), ("width", "8")))
            Assert.False(OneDnn.RightAtEveryIsa(narrow));
        // Growth rate 12: the dense blocks' concatenations have channel counts such as 24 + 12.
        using (var densenet = NetworkChecks.FromCatalog("densenet-bc", cifar, 10, ("depth", "16"), ("growth_rate", "12")))
            Assert.False(OneDnn.RightAtEveryIsa(densenet));
        // Grouped convolutions were never checked.
        using (var resnext = NetworkChecks.FromCatalog("resnext", cifar, 10, ("depth", "11"), ("cardinality", "2"), ("base_width", "16")))
            Assert.False(OneDnn.RightAtEveryIsa(resnext));
        // The generator's first transposed convolution takes the 100 noise channels (wrong there); the critic's
        // convolutions go from the image's 1 channel to 64, 128 and 256, its heads are linear.
        using (var generator = new DcganGenerator(fashion))
            Assert.False(OneDnn.RightAtEveryIsa(generator));
        using (var critic = new DcganDiscriminator(fashion))
            Assert.True(OneDnn.RightAtEveryIsa(critic));
    }

    [Theory]
    // Deferred: the first networks lift the limit or keep it for good.
    [InlineData(Choice.Deferred, true, true, Choice.Lifted, Action.Lift)]
    [InlineData(Choice.Deferred, false, true, Choice.Limited, Action.None)]
    // Lifted: other networks turn oneDNN off, as the full instruction set is in use.
    [InlineData(Choice.Lifted, true, true, Choice.Lifted, Action.None)]
    [InlineData(Choice.Lifted, false, true, Choice.Disabled, Action.Disable)]
    // No limit came in time: oneDNN runs at the full instruction set already.
    [InlineData(Choice.Open, true, true, Choice.Lifted, Action.None)]
    [InlineData(Choice.Open, false, true, Choice.Disabled, Action.Disable)]
    [InlineData(Choice.Open, false, false, Choice.NotNeeded, Action.None)]
    // Final choices stay.
    [InlineData(Choice.Limited, true, true, Choice.Limited, Action.None)]
    [InlineData(Choice.Disabled, true, true, Choice.Disabled, Action.None)]
    [InlineData(Choice.NotNeeded, false, true, Choice.NotNeeded, Action.None)]
    internal void Each_choice_moves_on_as_the_networks_that_come_to_compute_require(Choice choice, bool right, bool needsCare, Choice next, Action action)
    {
        Assert.Equal((next, action), OneDnn.Next(choice, right, () => needsCare));
    }

    [Theory]
    // The full instruction set on a processor that hides its caches: lifted, or no limit came in time.
    [InlineData(Choice.Lifted, true, true)]
    [InlineData(Choice.Open, true, true)]
    [InlineData(Choice.Open, false, false)]
    // Limited to SSE4.1, off already, or on a processor that lists its caches: right as it is.
    [InlineData(Choice.Deferred, true, false)]
    [InlineData(Choice.Limited, true, false)]
    [InlineData(Choice.Disabled, true, false)]
    [InlineData(Choice.NotNeeded, true, false)]
    internal void Forward_only_networks_turn_oneDNN_off_exactly_where_its_kernels_run_at_the_full_instruction_set(Choice choice, bool needsCare, bool turnsOff)
    {
        Assert.Equal(turnsOff, OneDnn.TurnsOffForAnyConvolution(choice, () => needsCare));
    }

    [Theory]
    [InlineData(Choice.Limited, true, null, "SSE41")]
    [InlineData(Choice.Deferred, true, null, "SSE41")]
    [InlineData(Choice.Lifted, true, null, "all")]
    [InlineData(Choice.Open, true, null, "all")]
    [InlineData(Choice.NotNeeded, true, null, "all")]
    // The user's instruction set is what oneDNN runs at where this class set no limit of its own.
    [InlineData(Choice.NotNeeded, true, "AVX2", "AVX2")]
    [InlineData(Choice.Open, true, "AVX2", "AVX2")]
    // Off is off, whatever the limit.
    [InlineData(Choice.Disabled, false, null, "off")]
    [InlineData(Choice.Limited, false, null, "off")]
    [InlineData(Choice.NotNeeded, false, "AVX2", "off")]
    internal void The_kernels_a_run_records_follow_the_choice_the_flag_and_the_users_instruction_set(Choice choice, bool enabled, string? userIsa, string kernels)
    {
        Assert.Equal(kernels, OneDnn.Describe(choice, enabled, userIsa));
    }

    /// <summary>
    /// What a GAN augmentation's generator computes while oneDNN is suspended: the DCGAN generator's transposed
    /// convolutions (100 noise channels in, 1 image channel out, 4×4 at stride 2) and batch norm run on libtorch's own
    /// kernels, against float64; oneDNN is on again afterwards.
    /// </summary>
    [Fact]
    public void A_generator_computes_right_while_oneDNN_is_suspended_and_oneDNN_is_back_afterwards()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var generator = new DcganGenerator(new InputShape(1, 28, 28));
        generator.eval();
        var noise = randn(24, 100);
        using var generator64 = new DcganGenerator(new InputShape(1, 28, 28));
        generator64.load_state_dict(generator.state_dict());
        generator64.to(float64).eval();
        var expected = generator64.Generate(noise.to(float64));
        using (new OneDnn.Suspension(turnOff: true))
        {
            Assert.False(OneDnn.Enabled);
            using var noGrad = no_grad();
            AssertClose(expected, generator.Generate(noise), "generator output with oneDNN off");
        }
        Assert.True(OneDnn.Enabled);
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
