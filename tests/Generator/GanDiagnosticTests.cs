using Microsoft.CodeAnalysis;

namespace IsdaDsl.Tests.Generator;

/// <summary>kind and the gan section: each problem with its ID, the exact 0-based line and column of the YAML node, and its message.</summary>
public sealed class GanDiagnosticTests
{
    [Theory]
    [InlineData("unknown kind", "kind: gans\n", "ISDA005", 0, 6)]
    [InlineData("kind not a word", "kind: [gan]\n", "ISDA003", 0, 6)]
    [InlineData("method in a gan spec", "kind: gan\nmethod: { name: isda }\n", "ISDA006", 1, 0)]
    [InlineData("model in a gan spec", "kind: gan\nmodel: { architecture: resnet }\n", "ISDA006", 1, 0)]
    [InlineData("gan in a classification spec", "gan: { name: wgan }\n", "ISDA006", 0, 0)]
    [InlineData("gan with kind classification written out", "kind: classification\ngan: { name: wgan }\n", "ISDA006", 1, 0)]
    [InlineData("unknown objective", "kind: gan\ngan: { name: wgam }\n", "ISDA005", 1, 13)]
    [InlineData("parameter of another objective", "kind: gan\ngan: { name: cgan, clip: 0.01 }\n", "ISDA006", 1, 19)]
    [InlineData("unknown gan key", "kind: gan\ngan: { name: cgan, learning_rate: 0.1 }\n", "ISDA002", 1, 19)]
    [InlineData("noise_dim < 1", "kind: gan\ngan: { noise_dim: 0 }\n", "ISDA004", 1, 18)]
    [InlineData("generator_width < 1", "kind: gan\ngan: { name: acgan, generator_width: 0 }\n", "ISDA004", 1, 37)]
    [InlineData("wgan clip ≤ 0", "kind: gan\ngan: { name: wgan, clip: 0 }\n", "ISDA004", 1, 25)]
    [InlineData("wgan-gp gp_weight < 0", "kind: gan\ngan: { name: wgan-gp, gp_weight: -1 }\n", "ISDA004", 1, 33)]
    [InlineData("beta1 = 1", "kind: gan\ngan: { name: cgan, beta1: 1 }\n", "ISDA004", 1, 26)]
    [InlineData("infogan codes < 0", "kind: gan\ngan: { name: infogan, codes: -1 }\n", "ISDA004", 1, 29)]
    [InlineData("critic_steps not an integer", "kind: gan\ngan: { name: wgan, critic_steps: 2.5 }\n", "ISDA003", 1, 33)]
    [InlineData("unknown conditioning", "kind: gan\ngan: { name: wgan, conditioning: per-label }\n", "ISDA005", 1, 33)]
    [InlineData("gan batch of 1", "kind: gan\ntraining: { batch_size: 1 }\n", "ISDA004", 1, 24)]
    [InlineData("augmentation in a gan spec", "kind: gan\ndata: { name: cifar10, augmentation: none }\n", "ISDA006", 1, 37)]
    [InlineData("train_fraction in a gan spec", "kind: gan\ndata: { name: cifar10, train_fraction: 0.1 }\n", "ISDA006", 1, 39)]
    [InlineData("imagenet in a gan spec", "kind: gan\ndata: { name: imagenet }\n", "ISDA004", 1, 14)]
    public void Reports_the_problem_at_the_yaml_node(string because, string yaml, string id, int line, int column)
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run(("spec.yaml", yaml)).Diagnostics);

        var position = diagnostic.Location.GetLineSpan();
        Assert.True((id, line, column) == (diagnostic.Id, position.StartLinePosition.Line, position.StartLinePosition.Character),
            $"{because}: expected {id} at {line}:{column}, got {diagnostic.Id} at {position.StartLinePosition} ({diagnostic.GetMessage()})");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Theory]
    [InlineData("kind: gan\nmethod: { name: isda }\n", "method belongs to kind classification; kind gan takes: data, gan, training")]
    [InlineData("gan: { name: wgan }\n", "gan belongs to kind gan; kind classification takes: data, model, training, optimizer, schedule, method, evaluation")]
    [InlineData("kind: gan\ngan: { name: wgam }\n", "unknown objective 'wgam' (did you mean 'wgan'?); known: acgan, cgan, infogan, wgan, wgan-gp")]
    [InlineData("kind: gan\ngan: { name: cgan, clip: 0.01 }\n",
        "gan.clip belongs to objective wgan, not to objective cgan; objective cgan takes: noise_dim, generator_width, critic_width, lr, beta1, beta2")]
    [InlineData("kind: gan\ngan: { name: wgan-gp, gp_weight: -1 }\n", "gan.gp_weight must be ≥ 0, got -1")]
    [InlineData("kind: gan\ngan: { name: cgan, beta1: 1 }\n", "gan.beta1 must lie in [0, 1), got 1")]
    [InlineData("kind: gan\ntraining: { batch_size: 1 }\n", "training.batch_size must be ≥ 2, got 1")]
    [InlineData("kind: gan\ndata: { name: imagenet }\n",
        "data.name of kind gan must be a data set of 28×28 or 32×32 images, the DCGAN networks' sizes: fashion-mnist, cifar10 or cifar100, got imagenet")]
    public void Messages_say_what_is_allowed(string yaml, string message)
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run(("spec.yaml", yaml)).Diagnostics);

        Assert.Equal(message, diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("every default", "kind: gan\n")]
    [InlineData("every objective's own parameters", "kind: gan\ngan: { name: infogan, codes: 0, info_weight: 0, lr: 1e-3, beta1: 0, beta2: 0.99 }\n")]
    [InlineData("wgan on one model", "kind: gan\ndata: { name: cifar100, root: /data }\ngan: { name: wgan, conditioning: none, critic_steps: 1, clip: 0.1, lr: 1e-4 }\ntraining: { epochs: 1, batch_size: 2, runs: 3 }\n")]
    [InlineData("a null section of the other kind drops it", "kind: gan\nmethod: ~\n")]
    public void Valid_gan_specs_have_no_errors(string because, string yaml)
    {
        var errors = GeneratorHarness.Run(("spec.yaml", yaml)).Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

        Assert.True(!errors.Any(), $"{because}: {string.Join("; ", errors)}");
    }

    [Fact]
    public void A_gan_base_passes_on_its_kind()
    {
        var result = GeneratorHarness.Run(
            ("base/gan.yaml", "kind: gan\ndata: { name: fashion-mnist }\ngan: { generator_width: 8 }\n"),
            ("wgan.yaml", "extends: base/gan.yaml\ngan: { name: wgan }\n"));

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void A_matrix_varies_the_objective_and_its_parameters()
    {
        var read = IsdaDsl.Spec.SpecReader.Read("kind: gan\nmatrix: { gan.name: [cgan, acgan], gan.lr: [1e-4, 2e-4] }\n", "gans.yaml");

        Assert.Empty(read.Problems);
        Assert.Equal(["acgan 0.0001", "acgan 0.0002", "cgan 0.0001", "cgan 0.0002"],
            read.Experiments.Select(e => $"{e.Gan!.Name} {e.Gan.Parameters.Single(p => p.Key == "lr").Text}").Order(StringComparer.Ordinal));
        Assert.All(read.Experiments, e => Assert.True(e.IsGan));
    }

    [Fact]
    public void A_base_that_leaves_the_kind_open_may_hold_the_sections_of_either()
    {
        var result = GeneratorHarness.Run(
            ("base/common.yaml", "data: { name: fashion-mnist }\ntraining: { epochs: 3 }\ngan: { generator_width: 8 }\n"),
            ("gan.yaml", "kind: gan\nextends: base/common.yaml\ngan: { name: cgan }\n"));

        Assert.Empty(result.Diagnostics);
    }
}
