using Microsoft.CodeAnalysis;

namespace IsdaDsl.Tests.Generator;

/// <summary>Problems with `extends` and with bases: exact ID, file, line and column, and each reported once.</summary>
public sealed class ExtendsDiagnosticTests
{
    private static void AssertAt(Diagnostic diagnostic, string id, string file, int line, int column)
    {
        var position = diagnostic.Location.GetLineSpan();
        Assert.True((id, GeneratorHarness.ProjectDir + file, line, column) == (diagnostic.Id, position.Path, position.StartLinePosition.Line, position.StartLinePosition.Character),
            $"expected {id} at {file}:{line}:{column}, got {diagnostic.Id} at {position.Path}:{position.StartLinePosition} ({diagnostic.GetMessage()})");
    }

    [Fact]
    public void A_missing_target_is_reported_at_its_path_with_the_nearest_files()
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run(
            ("base/resnet.yaml", "model: { depth: 20 }\n"),
            ("base/cifar10.yaml", "data: { name: cifar10 }\n"),
            ("cifar/spec.yaml", "name: x\nextends: [../base/cifar10.yaml, ../base/resnt.yaml]\n")).Diagnostics);

        AssertAt(diagnostic, "ISDA009", "cifar/spec.yaml", 1, 32);
        Assert.Equal(
            "extends target '../base/resnt.yaml' not found: no spec file /proj/base/resnt.yaml; nearest spec files: ../base/resnet.yaml, ../base/cifar10.yaml; " +
            "a base must be a .yaml file the project picks up (under experiments/, not in bin/ or obj/)",
            diagnostic.GetMessage());
    }

    [Fact]
    public void A_target_that_is_not_a_yaml_spec_is_not_found()
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run(("spec.yaml", "extends: base.yml\n")).Diagnostics);

        AssertAt(diagnostic, "ISDA009", "spec.yaml", 0, 9);
        Assert.Contains("the project has no other spec file", diagnostic.GetMessage());
    }

    [Fact]
    public void A_cycle_is_reported_in_each_file_on_it_at_the_entry_that_closes_it()
    {
        var diagnostics = GeneratorHarness.Run(
            ("a.yaml", "extends: b.yaml\n"),
            ("b.yaml", "training: { seed: 1 }\nextends: [c.yaml, a.yaml]\n"),
            ("c.yaml", "training: { seed: 2 }\n")).Diagnostics.OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal).ToList();

        Assert.Equal(2, diagnostics.Count);
        AssertAt(diagnostics[0], "ISDA010", "a.yaml", 0, 9);
        Assert.StartsWith("extends cycle: a.yaml → b.yaml → a.yaml;", diagnostics[0].GetMessage());
        AssertAt(diagnostics[1], "ISDA010", "b.yaml", 1, 18);
        Assert.StartsWith("extends cycle: b.yaml → a.yaml → b.yaml;", diagnostics[1].GetMessage());
    }

    [Fact]
    public void A_spec_that_extends_itself_is_a_cycle()
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run(("self.yaml", "extends: ./self.yaml\n")).Diagnostics);

        AssertAt(diagnostic, "ISDA010", "self.yaml", 0, 9);
        Assert.StartsWith("extends cycle: self.yaml → self.yaml;", diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("extends: { path: a.yaml }\n", 0, 9)]
    [InlineData("extends:\n  - a.yaml\n  - [b.yaml]\n", 2, 4)]
    public void Extends_must_be_a_path_or_a_list_of_paths(string yaml, int line, int column)
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run(("a.yaml", "name: a\n"), ("spec.yaml", yaml)).Diagnostics);

        AssertAt(diagnostic, "ISDA003", "spec.yaml", line, column);
    }

    [Fact]
    public void A_mistake_in_a_base_is_reported_once_at_the_base_however_many_files_extend_it()
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run(
            ("base/common.yaml", "training: { epochs: 200 }\noptimizer:\n  lr: -1\n"),
            ("one.yaml", "extends: base/common.yaml\n"),
            ("two.yaml", "extends: base/common.yaml\nmethod: { name: isda }\n"),
            ("three.yaml", "extends: [one.yaml]\n")).Diagnostics);

        AssertAt(diagnostic, "ISDA004", "base/common.yaml", 2, 6);
        Assert.Equal("optimizer.lr must be > 0, got -1", diagnostic.GetMessage());
    }

    [Fact]
    public void A_problem_that_only_arises_from_the_merge_is_reported_at_the_extends_entry()
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run(
            ("base/resnet.yaml", "# ResNet on CIFAR, the paper's schedule\nmodel: { depth: 32 }\nschedule:\n  kind: multistep\n  milestones: [30, 80]\n"),
            ("cifar/short.yaml", "training: { epochs: 60 }\nextends: ../base/resnet.yaml\n")).Diagnostics);

        AssertAt(diagnostic, "ISDA004", "cifar/short.yaml", 1, 9);
        Assert.Equal("through ../base/resnet.yaml(5,20): schedule.milestones must be below the number of epochs (60), got 80", diagnostic.GetMessage());
    }

    [Fact]
    public void A_merged_problem_from_a_base_of_a_base_names_that_file_and_the_entry_it_came_through()
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run(
            ("base/isda.yaml", "method:\n  lambda0: 0.5\n"),
            ("base/cifar.yaml", "extends: isda.yaml\ndata: { name: cifar100 }\n"),
            ("base/seeds.yaml", "training: { seed: 3 }\n"),
            ("spec.yaml", "extends:\n  - base/seeds.yaml\n  - base/cifar.yaml\n")).Diagnostics);

        // The base leaves the method to its extenders; this one keeps the default (basic), which takes no lambda0.
        AssertAt(diagnostic, "ISDA006", "spec.yaml", 2, 4);
        Assert.StartsWith("through base/isda.yaml(2,3): method.lambda0 belongs to method isda, not to method basic", diagnostic.GetMessage());
    }

    [Fact]
    public void A_problem_in_the_extender_itself_stays_in_the_extender()
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run(
            ("base/isda.yaml", "method: { name: isda }\n"),
            ("spec.yaml", "extends: base/isda.yaml\nmethod: { lambda0: -2 }\n")).Diagnostics);

        AssertAt(diagnostic, "ISDA004", "spec.yaml", 1, 19);
    }

    [Theory]
    [InlineData("schedule: { milestones: [150, 250] }\n", "a base that sets no epochs leaves milestones to be judged against its extenders' epochs")]
    [InlineData("method: { lambda0: 0.5, covariance: diagonal }\n", "a base that chooses no method may hold any method's parameters")]
    [InlineData("model: { width: 8 }\n", "a base that chooses no architecture may hold any architecture's parameters")]
    public void A_base_is_not_judged_on_what_it_leaves_to_its_extenders(string yaml, string because)
    {
        Assert.True(GeneratorHarness.Run(("base/partial.yaml", yaml)).Diagnostics.IsEmpty, because);
    }

    [Theory]
    [InlineData("method: { lambda0: -0.5 }\n", "ISDA004", 0, 19)]
    [InlineData("method: { covariance: ful }\n", "ISDA005", 0, 22)]
    [InlineData("method: { lambda: 0.5 }\n", "ISDA002", 0, 10)]
    [InlineData("training: { epochs: 100 }\nschedule: { milestones: [150] }\n", "ISDA004", 1, 25)]
    [InlineData("method: { name: basic, lambda0: 0.5 }\n", "ISDA006", 0, 23)]
    public void A_base_is_judged_on_everything_it_says_itself(string yaml, string id, int line, int column)
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run(("base/partial.yaml", yaml)).Diagnostics);

        AssertAt(diagnostic, id, "base/partial.yaml", line, column);
    }
}
