using Microsoft.CodeAnalysis;

namespace IsdaDsl.Tests.Generator;

/// <summary>Each diagnostic: its ID and the exact 0-based line and column of the offending YAML node.</summary>
public sealed class DiagnosticTests
{
    [Theory]
    [InlineData("malformed YAML", "training:\n  epochs: 6\n batch_size: 1\n", "ISDA001", 2, 1)]
    [InlineData("unterminated flow mapping (reported near the last parsed node)", "data: { name: cifar10\nmodel: {}\n", "ISDA001", 0, 8)]
    [InlineData("tag that is not a URI (found by the property test)", "!!in[t_key: !!int\n", "ISDA001", 0, 0)]
    [InlineData("unknown section", "name: x\nmodle: {}\n", "ISDA002", 1, 0)]
    [InlineData("unknown key", "optimizer:\n  lr: 0.1\n  momentun: 0.9\n", "ISDA002", 2, 2)]
    [InlineData("wrong type", "training:\n  epochs: six\n", "ISDA003", 1, 10)]
    [InlineData("section not a mapping", "model: [resnet]\n", "ISDA003", 0, 7)]
    [InlineData("lr ≤ 0", "optimizer: { lr: 0 }\n", "ISDA004", 0, 17)]
    [InlineData("batch ≤ 0", "training: { batch_size: -1 }\n", "ISDA004", 0, 24)]
    [InlineData("epochs ≤ 0", "training:\n  epochs: 0\n", "ISDA004", 1, 10)]
    [InlineData("milestones not increasing", "schedule: { kind: multistep, milestones: [80, 60] }\n", "ISDA004", 0, 46)]
    [InlineData("milestone ≥ epochs", "training: { epochs: 100 }\nschedule: { milestones: [50, 100] }\n", "ISDA004", 1, 29)]
    [InlineData("lambda0 < 0", "method: { name: isda, lambda0: -0.5 }\n", "ISDA004", 0, 31)]
    [InlineData("cutout < 0", "data: { cutout: -1 }\n", "ISDA004", 0, 16)]
    [InlineData("depth not 6n+2", "model:\n  architecture: resnet\n  depth: 30\n", "ISDA004", 2, 9)]
    [InlineData("unknown architecture", "model: { architecture: resnot }\n", "ISDA005", 0, 23)]
    [InlineData("unknown data set", "data:\n  name: cifar11\n", "ISDA005", 1, 8)]
    [InlineData("unknown method", "method: { name: mixup }\n", "ISDA005", 0, 16)]
    [InlineData("unknown schedule kind", "schedule: { kind: linear }\n", "ISDA005", 0, 18)]
    [InlineData("parameter of another method", "method:\n  name: basic\n  lambda0: 0.5\n", "ISDA006", 2, 2)]
    [InlineData("unknown key given null", "method: { name: basic, lambdaa: ~ }\n", "ISDA002", 0, 23)]
    [InlineData("milestones under cosine", "schedule: { kind: cosine, milestones: [10] }\n", "ISDA006", 0, 26)]
    public void Reports_the_problem_at_the_yaml_node(string because, string yaml, string id, int line, int column)
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run(("spec.yaml", yaml)).Diagnostics);

        var position = diagnostic.Location.GetLineSpan();
        Assert.True((id, line, column) == (diagnostic.Id, position.StartLinePosition.Line, position.StartLinePosition.Character),
            $"{because}: expected {id} at {line}:{column}, got {diagnostic.Id} at {position.StartLinePosition} ({diagnostic.GetMessage()})");
        Assert.Equal(GeneratorHarness.ProjectDir + "spec.yaml", position.Path);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Fact]
    public void Unknown_key_suggests_the_nearest_valid_one()
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run(("spec.yaml", "optimizer: { wieght_decay: 0 }\n")).Diagnostics);

        Assert.Contains("did you mean 'weight_decay'?", diagnostic.GetMessage());
    }

    [Fact]
    public void Two_experiments_with_one_name_are_reported_at_the_second_name()
    {
        var result = GeneratorHarness.Run(("a.yaml", "name: same\n"), ("b.yaml", "training: { epochs: 10 }\nname: same\n"));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("ISDA007", diagnostic.Id);
        var position = diagnostic.Location.GetLineSpan();
        Assert.Equal((GeneratorHarness.ProjectDir + "b.yaml", 1, 6), (position.Path, position.StartLinePosition.Line, position.StartLinePosition.Character));
    }

    [Theory]
    [InlineData("")]
    [InlineData("~\n")]
    [InlineData("# nothing but a comment\n")]
    public void An_empty_spec_is_every_default(string yaml)
    {
        var result = GeneratorHarness.Run(("empty.yaml", yaml));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(2, result.GeneratedTrees.Length);
    }

    [Fact]
    public void A_valid_spec_has_no_diagnostics_and_yields_a_class_and_the_catalog()
    {
        var result = GeneratorHarness.Run(("ok.yaml", "method: { name: isda }\n"));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(2, result.GeneratedTrees.Length);
    }
}
