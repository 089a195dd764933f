using IsdaDsl.Runtime.Models;
using static IsdaDsl.Tests.Models.NetworkChecks;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Models;

public class WideResNetTests
{
    // Published: ISDA paper Table 2 "Params" (also Zagoruyko & Komodakis 2016, Table 4): WRN-16-8 11.0M and
    // WRN-28-10 36.5M, CIFAR-10 (10 classes).
    [Theory]
    [InlineData(16, 8, 11.0e6)]
    [InlineData(28, 10, 36.5e6)]
    public void Parameter_count_matches_the_published_figure(int depth, int widenFactor, double published)
    {
        using var network = new WideResNet(depth, widenFactor, 0.3, numClasses: 10);
        AssertParameterCount(network, published, rounding: 0.05e6);
        Assert.Equal(64 * widenFactor, network.FeatureDim);
    }

    [Theory]
    [InlineData(3, 32)]
    [InlineData(1, 28)]
    public void Features_and_logits_have_the_documented_shapes_and_evaluation_is_deterministic_with_dropout_off(int channels, int size)
    {
        using var network = new WideResNet(10, 2, 0.3, numClasses: 10, inChannels: channels);
        AssertShapesAndDeterministicEval(network, featureDim: 128, numClasses: 10, channels, size);
    }

    [Fact]
    public void The_catalog_builds_it_and_rejects_invalid_parameters()
    {
        using (var network = FromCatalog("wide-resnet", new InputShape(3, 32, 32), 10, ("depth", "10"), ("widen_factor", "2"), ("dropout", "0")))
        {
            var wrn = Assert.IsType<WideResNet>(network);
            Assert.Equal((10, 2, 0.0), (wrn.Depth, wrn.WidenFactor, wrn.Dropout));
        }
        AssertRejected("wide-resnet", "depth", "26", "6n+4");
        AssertRejected("wide-resnet", "widen_factor", "0", "≥ 1");
        AssertRejected("wide-resnet", "dropout", "1", "[0, 1)");
        AssertRejected("wide-resnet", "dropout", "-0.1", "[0, 1)");
    }
}

[Collection(nameof(ProcessWideStateCollection))]
public class WideResNetTrainingTests
{
    [Fact]
    public void One_training_step_on_a_tiny_batch_lowers_the_loss()
    {
        random.manual_seed(1);
        using var network = new WideResNet(10, 2, 0.3, numClasses: 10);
        AssertOneStepLowersLoss(network, channels: 3, size: 16);
    }

    [Fact]
    public void Dropout_is_active_in_training_mode()
    {
        random.manual_seed(2);
        using var scope = NewDisposeScope();
        using var network = new WideResNet(10, 2, 0.5, numClasses: 10);
        network.train();
        var images = randn(4, 3, 16, 16);
        using var noGrad = no_grad();
        Assert.False(network.Features(images).allclose(network.Features(images)), "two training-mode passes with dropout agree");
    }
}
