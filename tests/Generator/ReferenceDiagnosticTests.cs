using Microsoft.CodeAnalysis;

namespace IsdaDsl.Tests.Generator;

/// <summary>
/// A GAN-augmentation method names its generator's experiment: checked at build time once every spec is read (ISDA012,
/// ISDA013), at the reference's line and column, with the experiments that would do.
/// </summary>
public sealed class ReferenceDiagnosticTests
{
    private static readonly (string Path, string Text) FashionGan = ("gan/cgan.yaml", "name: fm-cgan\nkind: gan\ndata: { name: fashion-mnist }\ngan: { name: cgan }\n");
    private static readonly (string Path, string Text) CifarGan = ("gan/cifar.yaml", "name: c10-cgan\nkind: gan\ndata: { name: cifar10 }\ngan: { name: cgan }\n");
    private static readonly (string Path, string Text) Classifier = ("basic.yaml", "name: fm-basic\ndata: { name: fashion-mnist }\n");

    private static Diagnostic Single(params (string Path, string Text)[] specs) =>
        Assert.Single(GeneratorHarness.Run([FashionGan, CifarGan, Classifier, .. specs]).Diagnostics);

    private static void AssertAt(Diagnostic diagnostic, string id, string file, int line, int column)
    {
        var position = diagnostic.Location.GetLineSpan();
        Assert.True((id, GeneratorHarness.ProjectDir + file, line, column) == (diagnostic.Id, position.Path, position.StartLinePosition.Line, position.StartLinePosition.Character),
            $"expected {id} at {file}:{line}:{column}, got {diagnostic.Id} at {position.Path}:{position.StartLinePosition} ({diagnostic.GetMessage()})");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Fact]
    public void A_reference_to_a_gan_experiment_on_the_same_data_set_builds()
    {
        var result = GeneratorHarness.Run(FashionGan, CifarGan, Classifier,
            ("aug.yaml", "name: fm-aug\ndata: { name: fashion-mnist }\nmethod: { name: gan-augmentation, generator: fm-cgan, ratio: 1/6 }\n"));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void An_unknown_experiment_is_ISDA013_at_the_name_with_the_nearest_and_those_that_would_do()
    {
        var diagnostic = Single(("aug.yaml", "name: fm-aug\ndata: { name: fashion-mnist }\nmethod: { name: gan-augmentation, generator: fm-cgn }\n"));
        AssertAt(diagnostic, "ISDA013", "aug.yaml", 2, 45);
        Assert.Equal("method.generator names no experiment of the project: 'fm-cgn' (did you mean 'fm-cgan'?); experiments of kind gan on fashion-mnist: fm-cgan", diagnostic.GetMessage());
    }

    [Fact]
    public void An_experiment_of_another_kind_is_ISDA013()
    {
        var diagnostic = Single(("aug.yaml", "name: fm-aug\ndata: { name: fashion-mnist }\nmethod: { name: gan-augmentation, generator: fm-basic }\n"));
        AssertAt(diagnostic, "ISDA013", "aug.yaml", 2, 45);
        Assert.Equal("method.generator must name an experiment of kind gan; 'fm-basic' is of kind classification; experiments of kind gan on fashion-mnist: fm-cgan", diagnostic.GetMessage());
    }

    [Fact]
    public void A_gan_on_another_data_set_is_ISDA013()
    {
        var diagnostic = Single(("aug.yaml", "name: fm-aug\ndata: { name: fashion-mnist }\nmethod: { name: gan-augmentation, generator: c10-cgan }\n"));
        AssertAt(diagnostic, "ISDA013", "aug.yaml", 2, 45);
        Assert.Equal("method.generator must name an experiment on this experiment's data set, fashion-mnist; 'c10-cgan' is on cifar10; experiments of kind gan on fashion-mnist: fm-cgan", diagnostic.GetMessage());
    }

    [Fact]
    public void A_missing_generator_is_ISDA012_at_the_method_name()
    {
        var diagnostic = Single(("aug.yaml", "name: fm-aug\ndata: { name: fashion-mnist }\nmethod: { name: gan-augmentation }\n"));
        AssertAt(diagnostic, "ISDA012", "aug.yaml", 2, 16);
        Assert.StartsWith("method.generator is required: the name of an experiment of kind gan", diagnostic.GetMessage());
    }

    [Fact]
    public void A_reference_from_a_base_is_reported_in_the_base_for_each_extender_once()
    {
        var result = GeneratorHarness.Run(FashionGan, CifarGan, Classifier,
            ("base/aug.yaml", "data: { name: fashion-mnist }\nmethod: { name: gan-augmentation, generator: nope }\n"),
            ("a.yaml", "name: fm-a\nextends: base/aug.yaml\n"),
            ("b.yaml", "name: fm-b\nextends: base/aug.yaml\ntraining: { seed: 1 }\n"));
        AssertAt(Assert.Single(result.Diagnostics), "ISDA013", "base/aug.yaml", 1, 45);
    }

    [Fact]
    public void A_matrix_over_generators_checks_each_combination()
    {
        var diagnostic = Single(("aug.yaml",
            "name: fm-aug\ndata: { name: fashion-mnist }\nmethod: { name: gan-augmentation }\nmatrix:\n  method.generator: [fm-cgan, c10-cgan]\n"));
        Assert.Equal("ISDA013", diagnostic.Id);
        Assert.Contains("'c10-cgan' is on cifar10", diagnostic.GetMessage());
    }
}
