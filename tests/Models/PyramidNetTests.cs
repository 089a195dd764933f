using IsdaDsl.Runtime.Models;
using static IsdaDsl.Tests.Models.NetworkChecks;

namespace IsdaDsl.Tests.Models;

public class PyramidNetTests
{
    // Published: Han, Kim & Kim 2017 ("Deep Pyramidal Residual Networks"), Table 4: PyramidNet (bottleneck),
    // depth 272, α = 200: 26.0M parameters (CIFAR-10, 10 classes).
    [Fact]
    public void Parameter_count_matches_the_published_figure()
    {
        using var network = new PyramidNet(272, 200, numClasses: 10);
        AssertParameterCount(network, 26.0e6, rounding: 0.05e6);
        // The last block's bottleneck has round(16 + α) = 216 channels, ×4 at its output.
        Assert.Equal(4 * 216, network.FeatureDim);
    }

    [Theory]
    [InlineData(3, 32)]
    [InlineData(1, 28)]
    public void Features_and_logits_have_the_documented_shapes_and_evaluation_is_deterministic(int channels, int size)
    {
        // PyramidNet-11, α = 8: one block per stage, bottleneck widths round(16 + 8/3·i) = 19, 21, 24.
        using var network = new PyramidNet(11, 8, numClasses: 10, inChannels: channels);
        AssertShapesAndDeterministicEval(network, featureDim: 96, numClasses: 10, channels, size);
    }

    [Fact]
    public void The_catalog_builds_it_and_rejects_invalid_parameters()
    {
        using (var network = FromCatalog("pyramidnet", new InputShape(3, 32, 32), 10, ("depth", "20"), ("alpha", "12")))
        {
            var pyramidNet = Assert.IsType<PyramidNet>(network);
            Assert.Equal((20, 12.0), (pyramidNet.Depth, pyramidNet.Alpha));
            Assert.Equal(4 * (16 + 12), pyramidNet.FeatureDim);
        }
        AssertRejected("pyramidnet", "depth", "111", "9n+2");
        AssertRejected("pyramidnet", "alpha", "0", "must be ≥ 1");
    }
}

[Collection(nameof(ProcessWideStateCollection))]
public class PyramidNetTrainingTests
{
    [Fact]
    public void One_training_step_on_a_tiny_batch_lowers_the_loss()
    {
        TorchSharp.torch.random.manual_seed(1);
        using var network = new PyramidNet(11, 8, numClasses: 10);
        AssertOneStepLowersLoss(network, channels: 3, size: 16);
    }
}
