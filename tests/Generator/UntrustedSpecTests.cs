using IsdaDsl.Spec;
using Microsoft.CodeAnalysis;

namespace IsdaDsl.Tests.Generator;

/// <summary>
/// A spec from a pull request runs inside every developer's compiler: it cannot make the build expensive, and its
/// experiment name cannot lead a run folder out of <c>--out</c>.
/// </summary>
public sealed class UntrustedSpecTests
{
    /// <summary>Ten lines whose aliases stand for 10¹⁰ scalars once expanded.</summary>
    private static string BillionLaughs()
    {
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 10; i++)
            lines.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]");
        return "evaluation:\n  " + string.Join("\n  ", lines) + "\n";
    }

    [Fact]
    public void Anchors_and_aliases_are_refused_at_the_first_anchor_without_expanding_them()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var diagnostic = Assert.Single(GeneratorHarness.Run(("spec.yaml", BillionLaughs())).Diagnostics);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("ISDA001", diagnostic.Id);
        Assert.StartsWith("YAML anchors (&a0) are not allowed in a spec", diagnostic.GetMessage());
        Assert.Equal(new Microsoft.CodeAnalysis.Text.LinePosition(1, 6), diagnostic.Location.GetLineSpan().StartLinePosition);
        // Flat memory: about 13 MB measured for the whole generator run; the expansion would be 10¹⁰ nodes.
        Assert.True(allocated < 50_000_000, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void An_alias_to_an_anchor_is_refused_at_the_alias_too()
    {
        var (root, problem) = SpecParser.Parse("training: { epochs: *e }\n", "spec.yaml");

        Assert.Null(root);
        Assert.Equal((ProblemIds.MalformedYaml, 0, 20), (problem!.Id, problem.Span.StartLine, problem.Span.StartColumn));
        Assert.StartsWith("YAML aliases (*e) are not allowed", problem.Message);
    }

    [Fact]
    public void A_spec_with_too_many_nodes_or_characters_is_refused()
    {
        var many = "evaluation:\n  x: [" + string.Join(", ", Enumerable.Repeat("1", SpecParser.MaxNodes + 1)) + "]\n";
        Assert.StartsWith($"a spec must have at most {SpecParser.MaxNodes} YAML nodes", SpecParser.Parse(many, "spec.yaml").Problem!.Message);
        var long_ = "# " + new string('x', SpecParser.MaxLength) + "\n";
        Assert.StartsWith($"a spec must be at most {SpecParser.MaxLength} characters long", SpecParser.Parse(long_, "spec.yaml").Problem!.Message);
    }

    [Theory]
    [InlineData("../../../tmp/x")]
    [InlineData("/tmp/x")]
    [InlineData("runs/x")]
    [InlineData("my experiment")]
    [InlineData("Cifar10-ISDA")]
    [InlineData("café")]
    [InlineData("-leading-dash")]
    [InlineData(".hidden")]
    public void Names_outside_the_safe_set_are_located_errors_that_state_the_rule(string name)
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run(("spec.yaml", $"name: \"{name}\"\n")).Diagnostics);

        Assert.Equal(("ISDA004", 0), (diagnostic.Id, diagnostic.Location.GetLineSpan().StartLinePosition.Line));
        Assert.Equal(6, diagnostic.Location.GetLineSpan().StartLinePosition.Character);
        Assert.Contains(ExperimentName.Rule, diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("a")]
    [InlineData("cifar10-resnet110-isda")]
    [InlineData("wrn-28-10_lambda0-0.5")]
    public void Names_in_the_safe_set_build(string name) =>
        Assert.Empty(GeneratorHarness.Run(("spec.yaml", $"name: {name}\n")).Diagnostics);

    [Fact]
    public void A_default_name_from_a_path_outside_the_safe_set_asks_for_a_name()
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run(("Runs/My Spec.yaml", "training: { seed: 1 }\n")).Diagnostics);

        Assert.Equal("ISDA004", diagnostic.Id);
        Assert.Contains("experiment name 'Runs-My Spec' must match", diagnostic.GetMessage());
        Assert.Contains("give it a name: key", diagnostic.GetMessage());
    }

    [Fact]
    public void A_matrix_over_paths_names_experiments_within_the_safe_set()
    {
        var read = GeneratorHarness.Read("x.yaml", ("x.yaml", "matrix:\n  data.root: [/data/a, ../../etc]\n"));

        Assert.Empty(read.Problems);
        Assert.Equal(["x-root-data-a", "x-root-..-..-etc"], read.Experiments.Select(e => e.Name));
        Assert.All(read.Experiments, e => Assert.Null(ExperimentName.Check(e.Name)));
    }

    [Theory]
    [InlineData("../../../../../../etc/hostname")]
    [InlineData("/etc/hostname")]
    public void Extends_reaches_only_the_projects_own_spec_files(string target)
    {
        // The generator reads nothing from disk itself: a base is one of the project's AdditionalFiles or not found.
        var diagnostic = Assert.Single(GeneratorHarness.Run(("spec.yaml", $"extends: {target}\n")).Diagnostics);

        Assert.Equal("ISDA009", diagnostic.Id);
        Assert.Contains("a base must be a .yaml file the project picks up", diagnostic.GetMessage());
    }
}
