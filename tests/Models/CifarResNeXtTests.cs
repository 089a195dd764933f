using IsdaDsl.Runtime.Models;
using static IsdaDsl.Tests.Models.NetworkChecks;

namespace IsdaDsl.Tests.Models;

public class CifarResNeXtTests
{
    // Published: Xie et al. 2017, Table 7 (CIFAR), and ISDA paper Table 2 "Params": ResNeXt-29 8×64d 34.4M (CIFAR-10, 10 classes).
    [Fact]
    public void Parameter_count_matches_the_published_figure()
    {
        using var network = new CifarResNeXt(29, 8, 64, numClasses: 10);
        AssertParameterCount(network, 34.4e6, rounding: 0.05e6);
        Assert.Equal(1024, network.FeatureDim);
    }

    [Theory]
    [InlineData(3, 32)]
    [InlineData(1, 28)]
    public void Features_and_logits_have_the_documented_shapes_and_evaluation_is_deterministic(int channels, int size)
    {
        using var network = new CifarResNeXt(11, 2, 4, numClasses: 10, inChannels: channels);
        AssertShapesAndDeterministicEval(network, featureDim: 1024, numClasses: 10, channels, size);
    }

    [Fact]
    public void The_catalog_builds_it_and_rejects_invalid_parameters()
    {
        using (var network = FromCatalog("resnext", new InputShape(3, 32, 32), 10, ("depth", "11"), ("cardinality", "2"), ("base_width", "4")))
        {
            var resNeXt = Assert.IsType<CifarResNeXt>(network);
            Assert.Equal((11, 2, 4), (resNeXt.Depth, resNeXt.Cardinality, resNeXt.BaseWidth));
        }
        AssertRejected("resnext", "depth", "28", "9n+2");
        AssertRejected("resnext", "cardinality", "0", "≥ 1");
        AssertRejected("resnext", "base_width", "0", "≥ 1");
    }
}

[Collection(nameof(ProcessWideStateCollection))]
public class CifarResNeXtTrainingTests
{
    [Fact]
    public void One_training_step_on_a_tiny_batch_lowers_the_loss()
    {
        TorchSharp.torch.random.manual_seed(1);
        using var network = new CifarResNeXt(11, 2, 4, numClasses: 10);
        AssertOneStepLowersLoss(network, channels: 3, size: 16);
    }
}
