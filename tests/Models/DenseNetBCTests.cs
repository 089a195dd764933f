using IsdaDsl.Runtime.Models;
using static IsdaDsl.Tests.Models.NetworkChecks;

namespace IsdaDsl.Tests.Models;

public class DenseNetBCTests
{
    // Published: Huang et al. 2017, Table 2, and ISDA paper Table 2 "Params": DenseNet-BC (L = 100, k = 12) 0.8M
    // (CIFAR-10, 10 classes).
    [Fact]
    public void Parameter_count_matches_the_published_figure()
    {
        using var network = new DenseNetBC(100, 12, 0.5, numClasses: 10);
        AssertParameterCount(network, 0.8e6, rounding: 0.05e6);
        // 2k = 24 → +16k → ⌊/2⌋ 108 → +16k → 150 → +16k = 342.
        Assert.Equal(342, network.FeatureDim);
    }

    [Theory]
    [InlineData(3, 32)]
    [InlineData(1, 28)]
    public void Features_and_logits_have_the_documented_shapes_and_evaluation_is_deterministic(int channels, int size)
    {
        // DenseNet-BC-16, k = 4: 8 → 16 → 8 → 16 → 8 → 16 channels.
        using var network = new DenseNetBC(16, 4, 0.5, numClasses: 10, inChannels: channels);
        AssertShapesAndDeterministicEval(network, featureDim: 16, numClasses: 10, channels, size);
    }

    [Fact]
    public void Without_compression_the_transitions_keep_every_channel()
    {
        using var network = new DenseNetBC(16, 4, 1.0, numClasses: 10);
        Assert.Equal(8 + 3 * 2 * 4, network.FeatureDim);
    }

    [Fact]
    public void The_catalog_builds_it_and_rejects_invalid_parameters()
    {
        using (var network = FromCatalog("densenet-bc", new InputShape(3, 32, 32), 10, ("depth", "16"), ("growth_rate", "4"), ("compression", "1")))
        {
            var denseNet = Assert.IsType<DenseNetBC>(network);
            Assert.Equal((16, 4, 1.0), (denseNet.Depth, denseNet.GrowthRate, denseNet.Compression));
        }
        AssertRejected("densenet-bc", "depth", "12", "6n+4");
        AssertRejected("densenet-bc", "growth_rate", "0", "≥ 1");
        AssertRejected("densenet-bc", "compression", "0", "(0, 1]");
        AssertRejected("densenet-bc", "compression", "1.5", "(0, 1]");
    }
}

[Collection(nameof(ProcessWideStateCollection))]
public class DenseNetBCTrainingTests
{
    [Fact]
    public void One_training_step_on_a_tiny_batch_lowers_the_loss()
    {
        TorchSharp.torch.random.manual_seed(1);
        using var network = new DenseNetBC(16, 4, 0.5, numClasses: 10);
        AssertOneStepLowersLoss(network, channels: 3, size: 16);
    }
}
