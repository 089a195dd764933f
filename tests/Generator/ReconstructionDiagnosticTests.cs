using Microsoft.CodeAnalysis;

namespace IsdaDsl.Tests.Generator;

/// <summary>
/// A reconstruction names an ISDA classifier and a WGAN generator: checked at build time once every spec is read
/// (ISDA012, ISDA013) at the reference's line and column, with the experiments that would do; its own keys are
/// checked like any section's, and the generated class types its settings.
/// </summary>
public sealed class ReconstructionDiagnosticTests
{
    private static readonly (string Path, string Text) Wgan = ("gan/wgan.yaml", "name: fm-wgan\nkind: gan\ndata: { name: fashion-mnist }\ngan: { name: wgan-gp }\n");
    private static readonly (string Path, string Text) Cgan = ("gan/cgan.yaml", "name: fm-cgan\nkind: gan\ndata: { name: fashion-mnist }\ngan: { name: cgan }\n");
    private static readonly (string Path, string Text) Isda = ("isda.yaml", "name: fm-isda\ndata: { name: fashion-mnist }\nmethod: { name: isda }\n");
    private static readonly (string Path, string Text) Basic = ("basic.yaml", "name: fm-basic\ndata: { name: fashion-mnist }\n");

    private static GeneratorDriverRunResult Run(string reconstruction) =>
        GeneratorHarness.Run(Wgan, Cgan, Isda, Basic, ("recon.yaml", reconstruction));

    private static void AssertAt(Diagnostic diagnostic, string id, int line, int column)
    {
        var position = diagnostic.Location.GetLineSpan();
        Assert.True((id, GeneratorHarness.ProjectDir + "recon.yaml", line, column) == (diagnostic.Id, position.Path, position.StartLinePosition.Line, position.StartLinePosition.Character),
            $"expected {id} at recon.yaml:{line}:{column}, got {diagnostic.Id} at {position.Path}:{position.StartLinePosition} ({diagnostic.GetMessage()})");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Fact]
    public void A_reconstruction_of_an_isda_classifier_and_a_wgan_builds_with_typed_settings()
    {
        var result = Run("name: fm-recon\nkind: reconstruction\ndata: { name: fashion-mnist }\nreconstruction: { classifier: fm-isda, generator: fm-wgan, eta: 0.01, step1_iterations: 200 }\ntraining: { seed: 3 }\n");
        Assert.Empty(result.Diagnostics);
        var source = result.GeneratedTrees.Single(tree => tree.FilePath.Contains("FmRecon", StringComparison.Ordinal)).ToString();
        Assert.Contains("public const string Classifier = \"fm-isda\";", source);
        Assert.Contains("public const double Eta = 0.01d;", source);
        Assert.Contains("public const int Step1Iterations = 200;", source);
        Assert.Contains("public const int Seed = 3;", source);
        Assert.Contains("ToReconstructionSettings", source);
    }

    [Fact]
    public void A_classifier_not_trained_with_isda_is_ISDA013_naming_the_isda_experiments()
    {
        var diagnostic = Assert.Single(Run("name: fm-recon\nkind: reconstruction\ndata: { name: fashion-mnist }\nreconstruction: { classifier: fm-basic, generator: fm-wgan }\n").Diagnostics);
        AssertAt(diagnostic, "ISDA013", 3, 30);
        Assert.Equal("reconstruction.classifier must name an experiment of kind classification with method isda; 'fm-basic' has basic; experiments of kind classification with method isda on fashion-mnist: fm-isda", diagnostic.GetMessage());
    }

    [Fact]
    public void A_generator_that_is_not_a_wgan_is_ISDA013()
    {
        var diagnostic = Assert.Single(Run("name: fm-recon\nkind: reconstruction\ndata: { name: fashion-mnist }\nreconstruction: { classifier: fm-isda, generator: fm-cgan }\n").Diagnostics);
        AssertAt(diagnostic, "ISDA013", 3, 50);
        Assert.Equal("reconstruction.generator must name an experiment of kind gan with objective wgan or wgan-gp; 'fm-cgan' has cgan; experiments of kind gan with objective wgan or wgan-gp on fashion-mnist: fm-wgan", diagnostic.GetMessage());
    }

    [Fact]
    public void A_missing_reference_is_ISDA012()
    {
        var diagnostic = Assert.Single(Run("name: fm-recon\nkind: reconstruction\ndata: { name: fashion-mnist }\nreconstruction: { classifier: fm-isda }\n").Diagnostics);
        Assert.Equal("ISDA012", diagnostic.Id);
        Assert.StartsWith("reconstruction.generator is required: the name of an experiment of kind gan", diagnostic.GetMessage());
    }

    [Fact]
    public void A_value_out_of_range_is_ISDA004_at_its_value()
    {
        var diagnostic = Assert.Single(Run("name: fm-recon\nkind: reconstruction\ndata: { name: fashion-mnist }\nreconstruction: { classifier: fm-isda, generator: fm-wgan, lr_drop_factor: 2 }\n").Diagnostics);
        AssertAt(diagnostic, "ISDA004", 3, 75);
        Assert.Contains("lr_drop_factor", diagnostic.GetMessage());
    }

    [Fact]
    public void Training_epochs_and_sections_of_other_kinds_are_ISDA006()
    {
        var result = Run("name: fm-recon\nkind: reconstruction\ndata: { name: fashion-mnist }\nreconstruction: { classifier: fm-isda, generator: fm-wgan }\ntraining: { epochs: 3 }\nmethod: { name: isda }\n");
        Assert.Equal(["ISDA006", "ISDA006"], result.Diagnostics.Select(d => d.Id).ToArray());
        Assert.Contains(result.Diagnostics, d => d.GetMessage().StartsWith("training.epochs belongs to kinds classification and gan, not to kind reconstruction", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.GetMessage().StartsWith("method belongs to kind classification; kind reconstruction takes: data, reconstruction, training", StringComparison.Ordinal));
    }
}
