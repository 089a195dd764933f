using IsdaDsl.Runtime.Models;
using static IsdaDsl.Tests.Models.NetworkChecks;

namespace IsdaDsl.Tests.Models;

public class SeResNetTests
{
    // Published: ISDA paper (Wang et al., NeurIPS 2019) Table 2, "Params" column: SE-ResNet-110 1.7M (CIFAR-10, 10 classes).
    [Fact]
    public void Parameter_count_matches_the_published_figure()
    {
        using var network = new SeResNet(110, 16, numClasses: 10);
        AssertParameterCount(network, 1.7e6, rounding: 0.05e6);
    }

    [Fact]
    public void Squeeze_and_excitation_adds_two_bias_free_C_by_C_over_r_layers_to_every_block_of_the_resnet()
    {
        using var seResNet = new SeResNet(110, 16, numClasses: 10);
        using var resNet = new CifarResNet(110, numClasses: 10);
        // 18 blocks per stage at widths 16, 32, 64: 2·C²/r weights each.
        var expected = 18 * (2 * 16 * 16 / 16 + 2 * 32 * 32 / 16 + 2 * 64 * 64 / 16);
        Assert.Equal(expected, ParameterCount(seResNet) - ParameterCount(resNet));
    }

    [Theory]
    [InlineData(3, 32)]
    [InlineData(1, 28)]
    public void Features_and_logits_have_the_documented_shapes_and_evaluation_is_deterministic(int channels, int size)
    {
        using var network = new SeResNet(8, 4, numClasses: 10, inChannels: channels);
        AssertShapesAndDeterministicEval(network, featureDim: 64, numClasses: 10, channels, size);
    }

    [Fact]
    public void The_catalog_builds_it_and_rejects_invalid_parameters()
    {
        using (var network = FromCatalog("se-resnet", new InputShape(3, 32, 32), 100, ("depth", "8"), ("reduction", "8")))
        {
            var seResNet = Assert.IsType<SeResNet>(network);
            Assert.Equal((8, 8, 100), (seResNet.Depth, seResNet.Reduction, seResNet.NumClasses));
        }
        AssertRejected("se-resnet", "depth", "33", "6n+2");
        AssertRejected("se-resnet", "reduction", "0", "must lie in [1, 16]");
        AssertRejected("se-resnet", "reduction", "32", "must lie in [1, 16]");
        AssertRejected("se-resnet", "reduction", "two", "an integer");
    }
}

[Collection(nameof(ProcessWideStateCollection))]
public class SeResNetTrainingTests
{
    [Fact]
    public void One_training_step_on_a_tiny_batch_lowers_the_loss()
    {
        TorchSharp.torch.random.manual_seed(1);
        using var network = new SeResNet(8, 4, numClasses: 10);
        AssertOneStepLowersLoss(network, channels: 3, size: 16);
    }
}
