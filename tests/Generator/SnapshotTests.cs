using ApprovalTests;
using ApprovalTests.Namers;
using ApprovalTests.Reporters;
using ApprovalTests.Writers;
using IsdaDsl.Generator.Spec;
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

    [Fact]
    public void Every_experiment_spec_in_the_repository()
    {
        // All files in one run, as the build sees them (bases are found); one snapshot per experiment spec.
        var files = RepositoryRoot.ExperimentFiles();
        var result = GeneratorHarness.Run([.. files]);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var sources = result.Results[0].GeneratedSources;
        foreach (var (path, _) in RepositoryRoot.ExperimentSpecs())
        {
            using (ApprovalResults.ForScenario(Path.ChangeExtension(path, null).Replace('/', '.')))
            {
                var source = Assert.Single(sources, s => s.SourceText.ToString().Contains($"from {Path.GetFileName(path)};") && s.SourceText.ToString().Contains($"\"{SpecReader.DefaultName(path)}\""));
                Approvals.Verify(new ApprovalTextWriter(source.SourceText.ToString(), "cs"));
            }
        }
    }

    [Fact]
    public void Fixture_with_a_matrix_over_a_base()
    {
        var (_, sweep) = GeneratorHarness.Fixture("cifar10-isda-sweep.yaml");
        var (_, common) = GeneratorHarness.Fixture("base/cifar10-sgd.yaml");

        Approvals.Verify(new ApprovalTextWriter(Generated(("cifar10/sweep.yaml", sweep), ("cifar10/base/cifar10-sgd.yaml", common)), "cs"));
    }

    /// <summary>
    /// The experiments' own files, in the order generated (the catalog is left out: the compile test checks it).
    /// Warnings are allowed: a spec naming what the runtime does not implement yet (ISDA011) is still emitted.
    /// </summary>
    private static string Generated(params (string Path, string Text)[] specs)
    {
        var result = GeneratorHarness.Run(specs);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var sources = result.Results[0].GeneratedSources.Where(s => !s.HintName.Contains("ExperimentCatalog")).ToList();
        Assert.NotEmpty(sources);
        return string.Join("\n", sources.Select(s => s.SourceText.ToString()));
    }
}
