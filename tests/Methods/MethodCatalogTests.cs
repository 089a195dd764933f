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
        Parameters.ForMethod(method, values.ToDictionary(v => v.Key, v => v.Value));

    [Fact]
    public void Known_methods_are_found_by_name()
    {
        Assert.Equal(["basic", "center-loss", "disturblabel", "dropout", "focal", "gan-augmentation", "isda", "large-margin", "lq"], MethodCatalog.Names);
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
        Assert.Contains("method isda: dropout must lie in [0, 1), got 1",
            Assert.Throws<ArgumentException>(() => MethodCatalog.Create("isda", Of("isda", ("dropout", "1")), Context)).Message);
    }

    [Fact]
    public void The_baselines_default_to_the_papers_settings()
    {
        using (var dropout = MethodCatalog.Create("dropout", Of("dropout"), Context))
            Assert.Equal(0.3, Assert.IsType<DropoutMethod>(dropout).Rate);
        using (var disturb = MethodCatalog.Create("disturblabel", Of("disturblabel"), Context))
            Assert.Equal(0.05, Assert.IsType<DisturbLabelMethod>(disturb).Rate);
        using (var focal = MethodCatalog.Create("focal", Of("focal"), Context))
        {
            Assert.Equal(0.5, Assert.IsType<FocalLossMethod>(focal).Alpha);
            Assert.Equal(1, ((FocalLossMethod)focal).Gamma);
        }

        using (var lq = MethodCatalog.Create("lq", Of("lq"), Context))
            Assert.Equal(0.4, Assert.IsType<LqLossMethod>(lq).Q);
        using (var center = MethodCatalog.Create("center-loss", Of("center-loss"), Context))
        {
            Assert.Equal(0.003, Assert.IsType<CenterLossMethod>(center).Weight);
            Assert.Equal(0.5, ((CenterLossMethod)center).CenterLearningRate);
            Assert.Equal([10, 16], ((CenterLossMethod)center).Centres.shape);
        }

        using (var margin = MethodCatalog.Create("large-margin", Of("large-margin"), Context))
        {
            var lsoftmax = Assert.IsType<LargeMarginSoftmaxMethod>(margin);
            Assert.Equal((4, 1000.0, 0.12, 1.0, 0.0), (lsoftmax.Margin, lsoftmax.AnnealBase, lsoftmax.AnnealGamma, lsoftmax.AnnealPower, lsoftmax.AnnealMin));
        }
    }

    [Fact]
    public void The_baselines_read_their_parameters()
    {
        using (var dropout = MethodCatalog.Create("dropout", Of("dropout", ("rate", "0.1")), Context))
            Assert.Equal(0.1, ((DropoutMethod)dropout).Rate);
        using (var disturb = MethodCatalog.Create("disturblabel", Of("disturblabel", ("rate", "0.1")), Context))
            Assert.Equal(0.1, ((DisturbLabelMethod)disturb).Rate);
        using (var focal = MethodCatalog.Create("focal", Of("focal", ("alpha", "0.25"), ("gamma", "2")), Context))
            Assert.Equal((0.25, 2.0), (((FocalLossMethod)focal).Alpha, ((FocalLossMethod)focal).Gamma));
        using (var lq = MethodCatalog.Create("lq", Of("lq", ("q", "0.7")), Context))
            Assert.Equal(0.7, ((LqLossMethod)lq).Q);
        using (var center = MethodCatalog.Create("center-loss", Of("center-loss", ("weight", "0.01"), ("center_lr", "0.1")), Context))
            Assert.Equal((0.01, 0.1), (((CenterLossMethod)center).Weight, ((CenterLossMethod)center).CenterLearningRate));
        using (var margin = MethodCatalog.Create("large-margin", Of("large-margin", ("margin", "2")), Context))
            Assert.Equal(2, ((LargeMarginSoftmaxMethod)margin).Margin);
        using (var margin = MethodCatalog.Create("large-margin",
                   Of("large-margin", ("anneal_base", "0"), ("anneal_gamma", "2.5e-5"), ("anneal_power", "35"), ("anneal_min", "5")), Context))
        {
            var lsoftmax = (LargeMarginSoftmaxMethod)margin;
            Assert.Equal((0.0, 2.5e-5, 35.0, 5.0), (lsoftmax.AnnealBase, lsoftmax.AnnealGamma, lsoftmax.AnnealPower, lsoftmax.AnnealMin));
        }

        Assert.Contains("'margin' = '2.5' is not an integer",
            Assert.Throws<ArgumentException>(() => MethodCatalog.Create("large-margin", Of("large-margin", ("margin", "2.5")), Context)).Message);
        Assert.Contains("unknown parameter(s) rate",
            Assert.Throws<ArgumentException>(() => MethodCatalog.Create("focal", Of("focal", ("rate", "0.5")), Context)).Message);
    }

    [Fact]
    public void Unknown_methods_and_parameters_are_rejected_with_what_is_allowed()
    {
        Assert.Contains("unknown method 'mixup'; known: basic, center-loss, disturblabel, dropout, focal, gan-augmentation, isda, large-margin, lq",
            Assert.Throws<ArgumentException>(() => MethodCatalog.Create("mixup", Of("mixup"), Context)).Message);
        Assert.Contains("unknown parameter(s) lambda",
            Assert.Throws<ArgumentException>(() => MethodCatalog.Create("isda", Of("isda", ("lambda", "0.5")), Context)).Message);
        Assert.Contains("method isda: lambda0 must be ≥ 0, got -1",
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
