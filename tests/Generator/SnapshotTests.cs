using ApprovalTests;
using ApprovalTests.Namers;
using ApprovalTests.Reporters;
using ApprovalTests.Writers;
using Microsoft.CodeAnalysis;

namespace IsdaDsl.Tests.Generator;

/// <summary>Generated code, reviewed like code: Snapshots/*.approved.cs (a mismatch leaves a *.received.cs beside it).</summary>
[UseReporter(typeof(QuietReporter))]
[UseApprovalSubdirectory("Snapshots")]
public sealed class SnapshotTests
{
    [Fact]
    public void Fixture_in_a_subfolder_with_a_multistep_schedule()
    {
        var (_, text) = GeneratorHarness.Fixture("cifar10-resnet32-multistep.yaml");

        Approvals.Verify(new ApprovalTextWriter(Generated(("cifar10/resnet32-basic.yaml", text)), "cs"));
    }

    [Fact]
    public void Fixture_with_autoaugment_runs_and_the_paper_error()
    {
        var (_, text) = GeneratorHarness.Fixture("cifar10-wrn28-10-autoaugment-isda.yaml");

        Approvals.Verify(new ApprovalTextWriter(Generated(("cifar10/wrn28-10-autoaugment-isda.yaml", text)), "cs"));
    }

    /// <summary>
    /// The catalog of every repository spec, as the build generates it; each experiment's own code is covered by the
    /// scenarios here and compiled for every repository spec by <see cref="GeneratedCodeCompilesTests"/>.
    /// </summary>
    [Fact]
    public void The_catalog_of_the_repository()
    {
        var result = GeneratorHarness.Run([.. RepositoryRoot.ExperimentFiles()]);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);

        Approvals.Verify(new ApprovalTextWriter(Source(result, "ExperimentCatalog"), "cs"));
    }

    [Fact]
    public void The_vocabulary_enums() =>
        Approvals.Verify(new ApprovalTextWriter(Source(GeneratorHarness.Run(), "Vocabulary"), "cs"));

    [Fact]
    public void Components_the_referenced_runtime_lacks_are_built_through_its_catalogs()
    {
        var result = GeneratorHarness.Run(RuntimeCheckTests.WithoutRuntime, ("spec.yaml", "model: { architecture: wide-resnet }\nmethod: { name: focal }\n"));

        Approvals.Verify(new ApprovalTextWriter(Source(result, "Spec"), "cs"));
    }

    [Fact]
    public void A_gan_experiment_over_a_base()
    {
        var base_ = "kind: gan\ndata: { name: fashion-mnist }\ngan: { generator_width: 32, critic_width: 32 }\ntraining: { epochs: 3 }\n";
        var wgan = "name: fashion-mnist-gan-wgan\nextends: ../base/gan.yaml\ngan: { name: wgan, conditioning: per-class }\n";

        Approvals.Verify(new ApprovalTextWriter(Generated(("gan/wgan.yaml", wgan), ("base/gan.yaml", base_)), "cs"));
    }

    private static string Source(GeneratorDriverRunResult result, string hint) =>
        result.Results[0].GeneratedSources.Single(s => s.HintName.Contains(hint)).SourceText.ToString();

    [Fact]
    public void Fixture_with_a_matrix_over_a_base()
    {
        var (_, sweep) = GeneratorHarness.Fixture("cifar10-isda-sweep.yaml");
        var (_, common) = GeneratorHarness.Fixture("base/cifar10-sgd.yaml");

        Approvals.Verify(new ApprovalTextWriter(Generated(("cifar10/sweep.yaml", sweep), ("cifar10/base/cifar10-sgd.yaml", common)), "cs"));
    }

    /// <summary>
    /// The experiments' own files, in the order generated (the catalog and the vocabulary have their own snapshots).
    /// Warnings are allowed: a spec naming what the runtime does not implement yet (ISDA011) is still emitted.
    /// </summary>
    private static string Generated(params (string Path, string Text)[] specs)
    {
        var result = GeneratorHarness.Run(specs);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var sources = result.Results[0].GeneratedSources.Where(s => !s.HintName.Contains("ExperimentCatalog") && !s.HintName.Contains("Vocabulary")).ToList();
        Assert.NotEmpty(sources);
        return string.Join("\n", sources.Select(s => s.SourceText.ToString()));
    }
}
