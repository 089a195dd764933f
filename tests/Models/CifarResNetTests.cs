using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Models;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Models;

public class CifarResNetTests
{
    // Published parameter counts: He et al., "Deep Residual Learning for Image Recognition" (CVPR 2016),
    // Table 6 (CIFAR-10): ResNet-20 0.27M, ResNet-32 0.46M, ResNet-56 0.85M, ResNet-110 1.7M. Those use
    // identity (zero-padding) shortcuts; the published ISDA code's two 1×1 projections add about 3K, well within 1 %.
    [Theory]
    [InlineData(20, 0.27e6)]
    [InlineData(32, 0.46e6)]
    [InlineData(56, 0.85e6)]
    [InlineData(110, 1.7e6)]
    public void Parameter_count_matches_the_published_figure(int depth, double published)
    {
        using var network = new CifarResNet(depth, numClasses: 10);
        var count = network.parameters().Sum(p => p.numel());
        // The published figures are rounded to two significant digits: allow that rounding plus 1 %.
        var rounding = published >= 1e6 ? 0.05e6 : 0.005e6;
        Assert.InRange(count, published * 0.99 - rounding, published * 1.01 + rounding);
    }

    [Fact]
    public void Features_and_logits_have_the_documented_shapes()
    {
        using var scope = NewDisposeScope();
        using var network = new CifarResNet(20, numClasses: 100);
        network.eval();
        var images = randn(4, 3, 32, 32);
        Assert.Equal(new long[] { 4, 64 }, network.Features(images).shape);
        Assert.Equal(new long[] { 4, 100 }, network.forward(images).shape);
        Assert.Equal(64, network.FeatureDim);
        Assert.Equal(new long[] { 100, 64 }, network.Classifier.weight!.shape);
    }

    [Fact]
    public void Logits_are_the_classifier_applied_to_the_features()
    {
        using var scope = NewDisposeScope();
        using var network = new CifarResNet(8, numClasses: 10, inChannels: 1, width: 4);
        network.eval();
        var images = randn(3, 1, 28, 28);
        var viaFeatures = network.Classifier.forward(network.Features(images));
        Assert.True(viaFeatures.allclose(network.forward(images), rtol: 0, atol: 0));
    }

    [Theory]
    [InlineData(33)]
    [InlineData(2)]
    public void Depth_not_of_the_form_6n_plus_2_is_rejected(int depth)
    {
        var error = Assert.Throws<ArgumentException>(() => new CifarResNet(depth, 10));
        Assert.Contains("6n+2", error.Message);
    }

    [Fact]
    public void One_training_step_on_a_tiny_batch_lowers_the_loss()
    {
        random.manual_seed(1);
        using var scope = NewDisposeScope();
        using var network = new CifarResNet(8, numClasses: 10, width: 8);
        network.train();
        using var optimizer = optim.SGD(network.parameters(), 0.05, momentum: 0.9);
        var images = randn(16, 3, 32, 32);
        var labels = randint(0, 10, 16, dtype: ScalarType.Int64);
        var before = nn.functional.cross_entropy(network.forward(images), labels);
        before.backward();
        optimizer.step();
        var after = nn.functional.cross_entropy(network.forward(images), labels);
        Assert.True(after.item<float>() < before.item<float>(), $"loss {before.item<float>()} → {after.item<float>()}");
    }

    [Fact]
    public void The_catalog_builds_resnet_from_parameters_and_rejects_unknown_ones()
    {
        var parameters = Parameters.ForArchitecture("resnet", new Dictionary<string, string> { ["depth"] = "20" });
        using (var network = ArchitectureCatalog.Create("resnet", parameters, new InputShape(3, 32, 32), 10))
            Assert.Equal(20, Assert.IsType<CifarResNet>(network).Depth);
        Assert.Contains("dpth", Assert.Throws<ArgumentException>(() => Parameters.ForArchitecture("resnet", new Dictionary<string, string> { ["dpth"] = "20" })).Message);
        var unknown = Assert.Throws<ArgumentException>(() => Parameters.ForArchitecture("vgg")).Message;
        Assert.Contains("unknown architecture 'vgg'", unknown);
        Assert.Contains("resnet", unknown[unknown.IndexOf("known:", StringComparison.Ordinal)..]);
    }
}
