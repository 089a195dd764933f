using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Isda;
using IsdaDsl.Runtime.Methods;
using IsdaDsl.Runtime.Models;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Methods;

public class MethodCatalogTests
{
    private static readonly MethodContext Context = new(NumClasses: 10, FeatureDim: 16, Device: CPU);

    private static Parameters Of(string method, params (string Key, string Value)[] values) =>
        new($"method {method}", values.ToDictionary(v => v.Key, v => v.Value));

    [Fact]
    public void Known_methods_are_found_by_name()
    {
        Assert.Equal(["basic", "center-loss", "disturblabel", "dropout", "focal", "isda", "large-margin", "lq"], MethodCatalog.Names);
        using var basic = MethodCatalog.Create("basic", Of("basic"), Context);
        Assert.IsType<CrossEntropyMethod>(basic);
    }

    [Fact]
    public void Isda_reads_lambda0_and_the_covariance_kind()
    {
        using var method = MethodCatalog.Create("isda", Of("isda", ("lambda0", "0.75"), ("covariance", "diagonal")), Context);
        var isda = Assert.IsType<IsdaMethod>(method);
        Assert.Equal(0.75, isda.Lambda0);
        Assert.Equal(CovarianceKind.Diagonal, isda.Estimator.Kind);
        Assert.Equal(0.75 * 40 / 160, isda.Lambda(new TrainingClock(40, 160)));
    }

    [Fact]
    public void Isda_reads_the_dropout_of_isda_plus_dropout()
    {
        using var plain = MethodCatalog.Create("isda", Of("isda"), Context);
        Assert.Equal(0, Assert.IsType<IsdaMethod>(plain).Dropout);
        using var method = MethodCatalog.Create("isda", Of("isda", ("dropout", "0.3")), Context);
        Assert.Equal(0.3, Assert.IsType<IsdaMethod>(method).Dropout);
        Assert.Contains("ISDA dropout must lie in [0, 1), got 1",
            Assert.Throws<ArgumentException>(() => MethodCatalog.Create("isda", Of("isda", ("dropout", "1")), Context)).Message);
    }

    [Fact]
    public void Unknown_methods_and_parameters_are_rejected_with_what_is_allowed()
    {
        Assert.Contains("unknown method 'mixup'; known: basic, center-loss, disturblabel, dropout, focal, isda, large-margin, lq",
            Assert.Throws<ArgumentException>(() => MethodCatalog.Create("mixup", Of("mixup"), Context)).Message);
        Assert.Contains("unknown parameter(s) lambda",
            Assert.Throws<ArgumentException>(() => MethodCatalog.Create("isda", Of("isda", ("lambda", "0.5")), Context)).Message);
        Assert.Contains("lambda0 must be a finite number ≥ 0",
            Assert.Throws<ArgumentException>(() => MethodCatalog.Create("isda", Of("isda", ("lambda0", "-1")), Context)).Message);
    }

    [Fact]
    public void Isda_with_lambda_zero_trains_like_cross_entropy_but_fills_its_estimator()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(5);
        using var network = new CifarResNet(8, numClasses: 10, inChannels: 1, width: 4);
        var images = randn(12, 1, 8, 8);
        var labels = arange(12, dtype: ScalarType.Int64).remainder(10);
        using var basic = MethodCatalog.Create("basic", Of("basic"), new MethodContext(10, network.FeatureDim, CPU));
        using var isda = MethodCatalog.Create("isda", Of("isda", ("lambda0", "0.5")), new MethodContext(10, network.FeatureDim, CPU));
        var clock = new TrainingClock(0, 10); // λ = 0 in the first epoch

        var ce = basic.Loss(network, images, labels, clock);
        var augmented = isda.Loss(network, images, labels, clock);

        Assert.Equal(ce.Loss.item<float>(), augmented.Loss.item<float>(), 1e-6f);
        Assert.True(ce.Logits.allclose(augmented.Logits));
        Assert.Equal(12.0, ((IsdaMethod)isda).Estimator.Counts.sum().item<double>());
    }
}
