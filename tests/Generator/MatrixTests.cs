using IsdaDsl.Spec;
using Microsoft.CodeAnalysis;

namespace IsdaDsl.Tests.Generator;

/// <summary>`matrix`: one experiment per combination, in a predictable order and with predictable names.</summary>
public sealed class MatrixTests
{
    private static IReadOnlyList<ExperimentSpec> Expand(params (string Path, string Text)[] files)
    {
        var result = GeneratorHarness.Read(files[^1].Path, files);
        Assert.Empty(result.Problems);
        return result.Experiments;
    }

    [Fact]
    public void Axes_expand_to_the_cartesian_product_first_axis_outermost()
    {
        var experiments = Expand(("sweep.yaml",
            "name: sweep\ntraining: { epochs: 10 }\nschedule: { kind: cosine }\n" +
            "matrix:\n  method: [{ name: basic }, { name: isda, lambda0: 0.25 }]\n  training.seed: [0, 1, 2]\n"));

        Assert.Equal(
            ["sweep-basic-seed-0", "sweep-basic-seed-1", "sweep-basic-seed-2", "sweep-isda-seed-0", "sweep-isda-seed-1", "sweep-isda-seed-2"],
            experiments.Select(e => e.Name));
        Assert.Equal([0, 1, 2, 0, 1, 2], experiments.Select(e => e.Training.Seed));
        Assert.Equal(["basic", "basic", "basic", "isda", "isda", "isda"], experiments.Select(e => e.Method.Name));
        Assert.Equal("0.25", experiments[3].Method.Parameters.Single(p => p.Key == "lambda0").Text);
        Assert.All(experiments, e => Assert.Equal(10, e.Training.Epochs));
    }

    [Fact]
    public void A_section_value_merges_into_the_section_and_a_key_value_replaces_the_key()
    {
        var experiments = Expand(("grid.yaml",
            "optimizer: { lr: 0.2, momentum: 0.5 }\nschedule: { milestones: [10, 20] }\n" +
            "matrix:\n  optimizer: [{ momentum: 0.8 }]\n  schedule.milestones: [[30, 60], [40]]\n"));

        Assert.Equal(["grid-momentum-0.8-milestones-30-60", "grid-momentum-0.8-milestones-40"], experiments.Select(e => e.Name));
        Assert.All(experiments, e => Assert.Equal((0.2, 0.8), (e.Optimizer.LearningRate, e.Optimizer.Momentum)));
        Assert.Equal([40], experiments[1].Schedule.Milestones);
    }

    [Theory]
    [InlineData("model: [{ architecture: resnet, depth: 20 }]", "x-resnet")]
    [InlineData("data: [{ name: cifar100, cutout: 8 }]", "x-cifar100")]
    [InlineData("schedule: [{ kind: cosine }]", "x-cosine")]
    [InlineData("training: [{ epochs: 200, seed: 1 }]", "x-epochs-200-seed-1")]
    [InlineData("method.lambda0: [0.5]", "x-lambda0-0.5")]
    [InlineData("data.root: [/data/a]", "x-root-data-a")]
    [InlineData("data.root: [../../Évian 2]", "x-root-..-..-vian-2")]
    public void Names_follow_the_component_chosen_or_the_keys_and_values(string axis, string name)
    {
        var experiment = Assert.Single(Expand(("x.yaml", $"method: {{ name: isda }}\nmatrix:\n  {axis}\n")));

        Assert.Equal(name, experiment.Name);
    }

    [Fact]
    public void Each_combination_is_a_class_in_the_file_s_namespace_and_in_the_catalog()
    {
        var result = GeneratorHarness.Run(("cifar/sweep.yaml", "method: { name: isda }\nmatrix: { method.lambda0: [0.1, 0.5] }\n"));

        Assert.Empty(result.Diagnostics);
        var sources = result.Results[0].GeneratedSources.Select(s => s.SourceText.ToString()).ToList();
        Assert.Equal(4, sources.Count); // two combinations, the catalog, the vocabulary
        Assert.Contains(sources, s => s.Contains("namespace IsdaDsl.Experiments.Generated.Cifar;") && s.Contains("class SweepLambda0_0_1"));
        Assert.Contains(sources, s => s.Contains("class SweepLambda0_0_5"));
        var catalog = sources.Single(s => s.Contains("class ExperimentCatalog"));
        Assert.Contains("[\"cifar-sweep-lambda0-0.1\"] = global::IsdaDsl.Experiments.Generated.Cifar.SweepLambda0_0_1.ToTrainingSettings,", catalog);
    }

    [Fact]
    public void A_matrix_applies_over_the_bases()
    {
        var experiments = Expand(
            ("base/isda.yaml", "method: { name: isda, lambda0: 0.5 }\ntraining: { epochs: 4 }\nschedule: { kind: cosine }\n"),
            ("sweep.yaml", "extends: base/isda.yaml\nmatrix: { method.covariance: [full, diagonal] }\n"));

        Assert.Equal(["sweep-covariance-full", "sweep-covariance-diagonal"], experiments.Select(e => e.Name));
        Assert.All(experiments, e => Assert.Equal("0.5", e.Method.Parameters.Single(p => p.Key == "lambda0").Text));
    }

    [Fact]
    public void An_empty_matrix_is_the_spec_itself()
    {
        Assert.Equal("plain", Assert.Single(Expand(("plain.yaml", "matrix: {}\n"))).Name);
    }

    [Theory]
    [InlineData("bad value on a key axis", "method: { name: isda }\nmatrix:\n  method.lambda0: [0.5, -1]\n", "ISDA004", 2, 24)]
    [InlineData("bad value inside a section value", "matrix:\n  method: [{ name: basic }, { name: isda, lambda0: x }]\n", "ISDA003", 1, 51)]
    [InlineData("a parameter of another method, set by an axis", "matrix:\n  method.lambda0: [0.1, 0.5]\n", "ISDA006", 1, 2)]
    [InlineData("a shared mistake", "optimizer: { lr: 0 }\nmatrix: { training.seed: [1, 2, 3] }\n", "ISDA004", 0, 17)]
    [InlineData("matrix not a mapping", "matrix: [1, 2]\n", "ISDA003", 0, 8)]
    [InlineData("unknown section axis", "matrix: { methd: [{ name: isda }] }\n", "ISDA002", 0, 10)]
    [InlineData("unknown key axis", "matrix: { method.lamda0: [0.1] }\n", "ISDA002", 0, 10)]
    [InlineData("an axis of a key no section has", "matrix: { name: [a, b] }\n", "ISDA002", 0, 10)]
    [InlineData("an empty list", "matrix: { training.seed: [] }\n", "ISDA003", 0, 25)]
    [InlineData("not a list", "matrix: { training.seed: 3 }\n", "ISDA003", 0, 25)]
    [InlineData("a section axis value that is not a mapping", "matrix: { training: [{ seed: 1 }, 3] }\n", "ISDA003", 0, 34)]
    [InlineData("a key axis value that is a mapping", "matrix: { training.seed: [{ x: 1 }] }\n", "ISDA003", 0, 26)]
    public void A_problem_is_reported_once_at_its_node(string because, string yaml, string id, int line, int column)
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run(("spec.yaml", yaml)).Diagnostics);

        var position = diagnostic.Location.GetLineSpan();
        Assert.True((id, line, column) == (diagnostic.Id, position.StartLinePosition.Line, position.StartLinePosition.Character),
            $"{because}: expected {id} at {line}:{column}, got {diagnostic.Id} at {position.StartLinePosition} ({diagnostic.GetMessage()})");
    }

    [Theory]
    [InlineData("matrix: { methd: [{ name: isda }] }\n", "did you mean 'method'?")]
    [InlineData("matrix: { method.lamda0: [0.1] }\n", "did you mean 'method.lambda0'?")]
    public void An_unknown_axis_suggests_the_nearest(string yaml, string suggestion)
    {
        Assert.Contains(suggestion, Assert.Single(GeneratorHarness.Run(("spec.yaml", yaml)).Diagnostics).GetMessage());
    }

    [Fact]
    public void A_matrix_with_a_problem_yields_no_experiment()
    {
        var result = GeneratorHarness.Run(("spec.yaml", "method: { name: isda }\nmatrix: { method.lambda0: [0.5, -1] }\n"));

        Assert.Single(result.Diagnostics);
        Assert.DoesNotContain(result.Results[0].GeneratedSources, s => s.SourceText.ToString().Contains("class Spec"));
    }

    [Fact]
    public void Combinations_with_one_name_are_two_experiments_with_one_name()
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run(("spec.yaml",
            "matrix:\n  method: [{ name: isda, lambda0: 0.1 }, { name: isda, lambda0: 0.5 }]\n")).Diagnostics);

        Assert.Equal("ISDA007", diagnostic.Id);
        Assert.StartsWith("experiment name 'spec-isda' is already used", diagnostic.GetMessage());
    }

    [Fact]
    public void A_matrix_of_more_than_a_thousand_experiments_is_refused()
    {
        var values = "[" + string.Join(", ", Enumerable.Range(0, 40)) + "]";
        var diagnostic = Assert.Single(GeneratorHarness.Run(("spec.yaml", $"matrix:\n  training.seed: {values}\n  data.cutout: {values}\n")).Diagnostics);

        Assert.Equal(("ISDA004", DiagnosticSeverity.Error), (diagnostic.Id, diagnostic.Severity));
        Assert.Equal(1, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }
}
