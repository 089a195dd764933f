using IsdaDsl.Runtime.Isda;
using IsdaDsl.Runtime.Methods;
using static IsdaDsl.Tests.Isda.TestData;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Methods;

[Collection(nameof(ProcessWideStateCollection))]
public class DropoutTests
{
    private static readonly TrainingClock Clock = new(5, 10);

    [Fact]
    public void The_evaluation_path_is_the_plain_forward()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(1);
        using var network = TestNetworks.TinyResNet();
        var (images, labels) = TestNetworks.Batch();
        using var method = new DropoutMethod(0.3);

        network.eval();
        var expected = network.forward(images);
        var (loss, logits) = method.Loss(network, images, labels, Clock);
        Assert.True(logits.IsEqual(expected));
        Assert.Equal(nn.functional.cross_entropy(expected, labels).item<float>(), loss.item<float>());

        // The method adds nothing to the network: evaluation runs the same modules, parameters and buffers.
        Assert.Equal(TestNetworks.TinyResNet().state_dict().Keys, network.state_dict().Keys);
    }

    [Fact]
    public void Rate_zero_is_cross_entropy_bit_for_bit()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(2);
        using var network = TestNetworks.TinyResNet();
        var (images, labels) = TestNetworks.Batch();
        using var basic = new CrossEntropyMethod();
        using var dropout = new DropoutMethod(0);

        var expected = basic.Loss(network, images, labels, Clock);
        var actual = dropout.Loss(network, images, labels, Clock);
        Assert.Equal(expected.Loss.item<float>(), actual.Loss.item<float>());
        Assert.True(expected.Logits.IsEqual(actual.Logits));
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.5)]
    public void In_training_each_feature_is_dropped_with_probability_rate_and_the_rest_rescaled(double rate)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(3);
        const int n = 2000, a = 8;
        var features = rand(n, a, dtype: ScalarType.Float64) + 0.5;
        using var network = new FixedFeaturesNetwork(features);
        using var method = new DropoutMethod(rate);

        var (_, logits) = method.Loss(network, zeros(n, 1), zeros(n, dtype: ScalarType.Int64), Clock);

        var dropped = logits.eq(0);
        var fraction = dropped.to(ScalarType.Float64).mean().item<double>();
        var sigma = Math.Sqrt(rate * (1 - rate) / (n * a));
        Assert.True(Math.Abs(fraction - rate) < 4 * sigma, $"dropped {fraction:F4}, expected {rate}");
        var kept = dropped.logical_not();
        AssertClose(Flat(features.masked_select(kept) / (1 - rate)), Flat(logits.masked_select(kept)), 1e-12, "kept features");
    }

    [Fact]
    public void The_mask_is_reproducible_under_a_seed()
    {
        using var scope = NewDisposeScope();
        var features = ones(64, 8);
        using var network = new FixedFeaturesNetwork(features);
        using var method = new DropoutMethod(0.3);
        var labels = zeros(64, dtype: ScalarType.Int64);
        random.manual_seed(4);
        var first = method.Loss(network, zeros(64, 1), labels, Clock).Logits;
        var second = method.Loss(network, zeros(64, 1), labels, Clock).Logits;
        random.manual_seed(4);
        Assert.True(method.Loss(network, zeros(64, 1), labels, Clock).Logits.IsEqual(first));
        Assert.False(second.IsEqual(first));
    }

    [Fact]
    public void Isda_with_dropout_feeds_the_dropped_features_to_the_estimator_and_the_loss()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(5);
        const int n = 40, a = 4;
        var features = rand(n, a, dtype: ScalarType.Float64) + 0.5;
        var labels = arange(n, dtype: ScalarType.Int64).remainder(a);
        using var network = new FixedFeaturesNetwork(features);
        var context = new MethodContext(a, a, CPU);
        using var method = new IsdaMethod(0.5, CovarianceKind.Full, context, dropout: 0.3);
        using var estimator = new ClassCovarianceEstimator(a, a, CovarianceKind.Full, dtype: ScalarType.Float64);

        var (loss, logits) = method.Loss(network, zeros(n, 1), labels, Clock);

        // The classifier is the identity: the logits are the dropped-out features themselves.
        var dropped = logits.detach();
        Assert.True(dropped.eq(0).any().item<bool>());
        Assert.False(dropped.IsEqual(features));
        estimator.Update(dropped, labels);
        AssertClose(Flat(estimator.Means), Flat(method.Estimator.Means), 1e-6, "μ");
        AssertClose(Flat(estimator.Covariances), Flat(method.Estimator.Covariances), 1e-6, "Σ");
        var expected = IsdaLoss.Compute(dropped, network.Classifier.weight!, network.Classifier.bias, labels, estimator.Covariances, CovarianceKind.Full, method.Lambda(Clock));
        Assert.Equal(expected.item<double>(), loss.item<double>(), 1e-6);
    }

    [Fact]
    public void Isda_with_dropout_in_evaluation_mode_and_isda_with_dropout_zero_drop_nothing()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(6);
        var features = rand(12, 4) + 0.5;
        var labels = arange(12, dtype: ScalarType.Int64).remainder(4);
        using var network = new FixedFeaturesNetwork(features);
        var context = new MethodContext(4, 4, CPU);
        using var withDropout = new IsdaMethod(0.5, CovarianceKind.Full, context, dropout: 0.3);
        using var plain = new IsdaMethod(0.5, CovarianceKind.Full, context);

        network.eval();
        Assert.True(withDropout.Loss(network, zeros(12, 1), labels, Clock).Logits.IsEqual(features));
        network.train();
        Assert.True(plain.Loss(network, zeros(12, 1), labels, Clock).Logits.IsEqual(features));
        Assert.Equal(0, plain.Dropout);
    }

    [Fact]
    public void Invalid_rates_are_rejected()
    {
        var context = new MethodContext(4, 4, CPU);
        Assert.Contains("Dropout rate must lie in [0, 1)", Assert.Throws<ArgumentException>(() => new DropoutMethod(1)).Message);
        Assert.Contains("Dropout rate must lie in [0, 1)", Assert.Throws<ArgumentException>(() => new DropoutMethod(-0.1)).Message);
        Assert.Contains("ISDA dropout must lie in [0, 1)", Assert.Throws<ArgumentException>(() => new IsdaMethod(0.5, CovarianceKind.Full, context, 1)).Message);
    }
}
