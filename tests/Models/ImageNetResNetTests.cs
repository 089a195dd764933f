using IsdaDsl.Runtime.Models;
using static IsdaDsl.Tests.Models.NetworkChecks;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Models;

public class ImageNetResNetTests
{
    // Published: torchvision's model documentation, "num_params" of the IMAGENET1K_V1 weights (1000 classes):
    // resnet18 11,689,512; resnet34 21,797,672; resnet50 25,557,032; resnet101 44,549,160; resnet152 60,192,808.
    // These are exact counts of the same definition, so they must match exactly (well inside the 1 % asked for).
    [Theory]
    [InlineData(18, 11_689_512, 512)]
    [InlineData(34, 21_797_672, 512)]
    [InlineData(50, 25_557_032, 2048)]
    [InlineData(101, 44_549_160, 2048)]
    [InlineData(152, 60_192_808, 2048)]
    public void ResNet_parameter_count_is_torchvisions(int depth, long published, int featureDim)
    {
        using var network = ImageNetResNet.ResNet(depth, numClasses: 1000);
        Assert.Equal(published, ParameterCount(network));
        Assert.Equal(featureDim, network.FeatureDim);
    }

    // Published: torchvision's documentation, "num_params": resnext50_32x4d 25,028,904; resnext101_32x8d 88,791,336 (1000 classes).
    [Theory]
    [InlineData("50-32x4d", 25_028_904)]
    [InlineData("101-32x8d", 88_791_336)]
    public void ResNeXt_parameter_count_is_torchvisions(string variant, long published)
    {
        using var network = ImageNetResNet.ResNeXt(variant, numClasses: 1000);
        Assert.Equal(published, ParameterCount(network));
        Assert.Equal(2048, network.FeatureDim);
    }

    [Fact]
    public void Features_and_logits_have_the_documented_shapes_and_evaluation_is_deterministic()
    {
        using var network = ImageNetResNet.ResNet(18, numClasses: 10);
        AssertShapesAndDeterministicEval(network, featureDim: 512, numClasses: 10, channels: 3, size: 64);
    }

    [Fact]
    public void Grey_images_get_a_one_channel_stem()
    {
        using var network = ImageNetResNet.ResNet(18, numClasses: 10, inChannels: 1);
        Assert.Equal(new long[] { 64, 1, 7, 7 }, network.get_parameter("conv1.weight")!.shape);
        AssertShapesAndDeterministicEval(network, featureDim: 512, numClasses: 10, channels: 1, size: 32);
    }

    [Fact]
    public void State_dictionary_keys_are_torchvisions()
    {
        using var network = ImageNetResNet.ResNet(18, numClasses: 10);
        var keys = network.state_dict().Keys.ToHashSet();
        Assert.Contains("conv1.weight", keys);
        Assert.Contains("bn1.running_mean", keys);
        Assert.Contains("layer1.0.conv1.weight", keys);
        Assert.Contains("layer2.0.downsample.0.weight", keys);
        Assert.Contains("layer4.1.bn2.bias", keys);
        Assert.Contains("fc.weight", keys);
        Assert.Contains("fc.bias", keys);
        Assert.Same(network.Classifier, network.named_children().Single(c => c.name == "fc").module);
    }

    [Fact]
    public void The_catalog_builds_them_and_rejects_invalid_parameters()
    {
        using (var network = FromCatalog("imagenet-resnet", new InputShape(3, 64, 64), 10, ("depth", "18")))
            Assert.Equal(512, Assert.IsType<ImageNetResNet>(network).FeatureDim);
        AssertRejected("imagenet-resnet", "depth", "20", "18, 34, 50, 101, 152");
        AssertRejected("imagenet-resnext", "variant", "50-32x8d", "50-32x4d, 101-32x8d");
    }
}

[Collection(nameof(ProcessWideStateCollection))]
public class ImageNetResNetTrainingTests
{
    [Fact]
    public void One_training_step_on_a_tiny_batch_lowers_the_loss()
    {
        random.manual_seed(1);
        using var network = ImageNetResNet.ResNet(18, numClasses: 10);
        AssertOneStepLowersLoss(network, channels: 3, size: 64, learningRate: 0.01);
    }
}
