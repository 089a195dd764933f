using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Models;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Models;

/// <summary>The checks every architecture's tests share.</summary>
internal static class NetworkChecks
{
    public static long ParameterCount(nn.Module network) => network.parameters().Sum(p => p.numel());

    /// <summary>
    /// Asserts the network has <paramref name="published"/> parameters within 1 %, widened by
    /// <paramref name="rounding"/>: the half-unit of the last digit the figure was published with (0.05e6 for "36.5M").
    /// </summary>
    public static void AssertParameterCount(nn.Module network, double published, double rounding = 0)
    {
        var count = ParameterCount(network);
        Assert.True(count >= published * 0.99 - rounding && count <= published * 1.01 + rounding,
            $"{count:N0} parameters; published {published:N0} (±1 %, ±{rounding:N0} rounding)");
    }

    /// <summary>
    /// In evaluation mode (which reaches every submodule): features are [N, FeatureDim], logits [N, C], the classifier is C×A, logits are the classifier
    /// applied to the features, and two passes give the same result.
    /// </summary>
    public static void AssertShapesAndDeterministicEval(ClassifierNetwork network, int featureDim, int numClasses, int channels, int size, int batch = 2)
    {
        using var scope = NewDisposeScope();
        network.eval();
        var generator = new TorchSharp.torch.Generator(7);
        var images = randn([batch, channels, size, size], generator: generator);
        using var noGrad = no_grad();
        var features = network.Features(images);
        var logits = network.forward(images);
        Assert.All(network.modules(), module => Assert.False(module.training, $"{module.GetName()} is still in training mode"));
        Assert.Equal(featureDim, network.FeatureDim);
        Assert.Equal(numClasses, network.NumClasses);
        Assert.Equal(new long[] { batch, featureDim }, features.shape);
        Assert.Equal(new long[] { batch, numClasses }, logits.shape);
        Assert.Equal(new long[] { numClasses, featureDim }, network.Classifier.weight!.shape);
        Assert.True(network.Classifier.forward(features).allclose(logits, rtol: 0, atol: 0), "logits are not the classifier applied to the features");
        Assert.True(network.forward(images).allclose(logits, rtol: 0, atol: 0), "two evaluation-mode passes differ");
    }

    /// <summary>
    /// One SGD step on a tiny fixed batch lowers the training-mode loss. The global generator is re-seeded before each
    /// measured pass so random parts of the network (dropout, Shake-Shake) draw the same numbers both times; callers
    /// therefore run in <see cref="ProcessWideStateCollection"/>.
    /// </summary>
    public static void AssertOneStepLowersLoss(ClassifierNetwork network, int channels, int size, double learningRate = 0.05)
    {
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(11);
        var images = randn([8, channels, size, size], generator: generator);
        var labels = randint(0, network.NumClasses, [8], generator: generator, dtype: ScalarType.Int64);
        network.train();
        using var optimizer = optim.SGD(network.parameters(), learningRate, momentum: 0.9);
        random.manual_seed(3);
        var before = nn.functional.cross_entropy(network.forward(images), labels);
        optimizer.zero_grad();
        before.backward();
        optimizer.step();
        random.manual_seed(3);
        using var noGrad = no_grad();
        var after = nn.functional.cross_entropy(network.forward(images), labels);
        Assert.True(after.item<float>() < before.item<float>(), $"loss {before.item<float>()} → {after.item<float>()}");
    }

    /// <summary>Builds <paramref name="name"/> through the catalog, as a run's settings would.</summary>
    public static ClassifierNetwork FromCatalog(string name, InputShape input, int numClasses, params (string Key, string Value)[] values) =>
        ArchitectureCatalog.Create(name, Parameters.ForArchitecture(name, values.ToDictionary(v => v.Key, v => v.Value)), input, numClasses);

    /// <summary>Asserts building <paramref name="name"/> with one bad value throws an <see cref="ArgumentException"/> naming it and what is allowed.</summary>
    public static void AssertRejected(string name, string key, string value, string allowed)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => FromCatalog(name, new InputShape(3, 32, 32), 10, (key, value)).Dispose());
        Assert.Contains(key, error.Message);
        Assert.Contains(allowed, error.Message);
    }
}
