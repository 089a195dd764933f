using IsdaDsl.Spec;
using Microsoft.CodeAnalysis;

namespace IsdaDsl.Tests.Generator;

/// <summary>
/// The full vocabulary (every architecture, method and data set rule) through <c>extends</c> and <c>matrix</c>: what a
/// base may leave open, how a spec switches a base's component, and rules that join values from several files.
/// </summary>
public sealed class ExtendsVocabularyTests
{
    private static ExperimentSpec Resolve(string path, params (string Path, string Text)[] files)
    {
        var result = GeneratorHarness.Read(path, files);
        Assert.Empty(result.Problems);
        return Assert.Single(result.Experiments);
    }

    private static SpecProblem SingleProblem(string path, params (string Path, string Text)[] files)
    {
        var result = GeneratorHarness.Read(path, files);
        Assert.Empty(result.Experiments);
        return Assert.Single(result.Problems);
    }

    private static void AssertAt(Diagnostic diagnostic, string id, string file, int line, int column)
    {
        var position = diagnostic.Location.GetLineSpan();
        Assert.True((id, GeneratorHarness.ProjectDir + file, line, column) == (diagnostic.Id, position.Path, position.StartLinePosition.Line, position.StartLinePosition.Character),
            $"expected {id} at {file}:{line}:{column}, got {diagnostic.Id} at {position.Path}:{position.StartLinePosition} ({diagnostic.GetMessage()})");
    }

    [Fact]
    public void A_base_may_set_a_parameter_that_only_some_architectures_take_when_it_leaves_the_architecture_open()
    {
        // depth 28 is 6n+4: wide-resnet's form, not resnet's 6n+2; dropout is wide-resnet's alone.
        (string, string) common = ("base/wide.yaml", "model: { depth: 28, widen_factor: 8, dropout: 0.2 }\n");

        Assert.Empty(GeneratorHarness.Read(common.Item1, common).Problems);
        var spec = Resolve("wrn.yaml", common, ("wrn.yaml", "extends: base/wide.yaml\nmodel: { architecture: wide-resnet }\n"));
        Assert.Equal(["28", "8", "0.2"], spec.Model.Parameters.Select(p => p.Text));
    }

    [Fact]
    public void A_base_parameter_no_architecture_accepts_is_reported_in_the_base_with_every_rule()
    {
        var problem = SingleProblem("base/deep.yaml", ("base/deep.yaml", "model: { depth: 7 }\n"));

        Assert.Equal(ProblemIds.OutOfRange, problem.Id);
        Assert.StartsWith("model.depth suits no architecture that has it: ", problem.Message);
        Assert.Contains("must be 6n+4 with n ≥ 1 (10, 16, 22, 28, 40, …) for architecture wide-resnet", problem.Message);
        Assert.Contains("must be one of 18, 34, 50, 101, 152 for architecture imagenet-resnet", problem.Message);
        Assert.EndsWith(", got 7", problem.Message);
        Assert.Equal((0, 16), (problem.Span.StartLine, problem.Span.StartColumn));
    }

    [Theory]
    [InlineData("method: { lambda0: -1 }\n", "method.lambda0 must be ≥ 0, got -1")]
    [InlineData("model: { widen_factor: 0 }\n", "model.widen_factor must be ≥ 1, got 0")]
    [InlineData("model: { base_width: -1 }\n", "model.base_width suits no architecture that has it: must be ≥ 1 for architecture resnext; must be even and ≥ 2 for architecture shake-shake, got -1")]
    public void A_base_parameter_every_owner_rejects_by_one_rule_reads_as_for_a_chosen_component(string yaml, string message)
    {
        var problem = SingleProblem("base/common.yaml", ("base/common.yaml", yaml));

        Assert.Equal((ProblemIds.OutOfRange, message), (problem.Id, problem.Message));
    }

    [Fact]
    public void A_base_parameter_of_the_wrong_type_is_reported_once()
    {
        var problem = SingleProblem("base/deep.yaml", ("base/deep.yaml", "model: { depth: deep }\n"));

        Assert.Equal((ProblemIds.WrongType, "model.depth must be an integer, got 'deep'"), (problem.Id, problem.Message));
    }

    [Fact]
    public void A_base_parameter_the_chosen_architecture_rejects_comes_through_the_extends_entry()
    {
        var diagnostics = GeneratorHarness.Run(
            ("base/wide.yaml", "model: { depth: 28, widen_factor: 8 }\n"),
            ("spec.yaml", "name: x\nextends: base/wide.yaml\nmodel: { architecture: resnet }\n")).Diagnostics.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();

        Assert.Equal(2, diagnostics.Count);
        AssertAt(diagnostics[0], "ISDA004", "spec.yaml", 1, 9);
        Assert.Equal("through base/wide.yaml(1,17): model.depth must be 6n+2 with n ≥ 1 (8, 14, 20, 32, 44, 56, 110, …), got 28", diagnostics[0].GetMessage());
        AssertAt(diagnostics[1], "ISDA006", "spec.yaml", 1, 9);
        Assert.StartsWith("through base/wide.yaml(1,21): model.widen_factor belongs to architecture wide-resnet, not to architecture resnet;", diagnostics[1].GetMessage());
    }

    [Fact]
    public void A_spec_switches_a_base_s_architecture_and_method_by_nulling_their_parameters()
    {
        var spec = Resolve("spec.yaml",
            ("base/wrn-focal.yaml", "model: { architecture: wide-resnet, depth: 28, widen_factor: 10, dropout: 0.3 }\nmethod: { name: focal, alpha: 0.25, gamma: 2 }\n"),
            ("spec.yaml", "extends: base/wrn-focal.yaml\nmodel: { architecture: resnet, depth: 110, widen_factor: ~, dropout: ~ }\nmethod: { name: lq, alpha: ~, gamma: ~ }\n"));

        Assert.Equal(("resnet", "lq"), (spec.Model.Name, spec.Method.Name));
        Assert.Equal(["110", "16"], spec.Model.Parameters.Select(p => p.Text));
        Assert.Equal([("q", "0.4")], spec.Method.Parameters.Select(p => (p.Key, p.Text)));
    }

    [Fact]
    public void Without_nulling_them_a_switched_method_s_parameters_name_every_owner()
    {
        var problem = Assert.Single(GeneratorHarness.Read("spec.yaml",
            ("base/dropout.yaml", "method: { name: dropout, rate: 0.2 }\n"),
            ("spec.yaml", "extends: base/dropout.yaml\nmethod: { name: focal }\n")).Problems);

        Assert.Equal(ProblemIds.ForeignParameter, problem.Id);
        Assert.StartsWith("through base/dropout.yaml(1,26): method.rate belongs to method disturblabel or dropout, not to method focal;", problem.Message);
    }

    [Fact]
    public void Autoaugment_from_a_base_is_judged_against_the_data_set_the_spec_names()
    {
        (string, string) common = ("base/aa.yaml", "data: { augmentation: autoaugment, cutout: 16 }\n");

        Assert.Empty(GeneratorHarness.Read(common.Item1, common).Problems);
        Assert.Equal("cifar100", Resolve("c100.yaml", common, ("c100.yaml", "extends: base/aa.yaml\ndata: { name: cifar100 }\n")).Data.Name);
        var problem = SingleProblem("fmnist.yaml", common, ("fmnist.yaml", "extends: base/aa.yaml\ndata: { name: fashion-mnist }\n"));
        Assert.Equal(ProblemIds.OutOfRange, problem.Id);
        Assert.Equal("through base/aa.yaml(1,23): data.augmentation autoaugment is the CIFAR policy: it needs data set cifar10 or cifar100, got autoaugment on fashion-mnist", problem.Message);
        Assert.Equal((0, 9), (problem.Span.StartLine, problem.Span.StartColumn));
    }

    [Fact]
    public void A_cutout_in_the_spec_is_judged_against_the_data_set_of_its_base()
    {
        (string, string) imagenet = ("base/imagenet.yaml", "data: { name: imagenet }\n");
        (string, string) cifar = ("base/cifar.yaml", "data: { name: cifar10 }\n");

        Assert.Equal(100, Resolve("big.yaml", imagenet, ("big.yaml", "extends: base/imagenet.yaml\ndata: { cutout: 100 }\n")).Data.Cutout);
        var problem = SingleProblem("small.yaml", cifar, ("small.yaml", "extends: base/cifar.yaml\ndata: { cutout: 100 }\n"));
        Assert.Equal("data.cutout must be ≤ 32 pixels (the image size of cifar10), got 100", problem.Message);
        Assert.Equal((1, 16), (problem.Span.StartLine, problem.Span.StartColumn));
    }

    [Fact]
    public void A_base_without_a_data_set_is_judged_against_the_largest_images_and_its_extenders_against_their_own()
    {
        (string, string) common = ("base/holes.yaml", "data: { cutout: 100 }\n");

        Assert.Empty(GeneratorHarness.Read(common.Item1, common).Problems);
        Assert.Equal(100, Resolve("imagenet.yaml", common, ("imagenet.yaml", "extends: base/holes.yaml\ndata: { name: imagenet }\n")).Data.Cutout);
        var problem = SingleProblem("cifar.yaml", common, ("cifar.yaml", "extends: base/holes.yaml\n"));
        Assert.Equal("through base/holes.yaml(1,17): data.cutout must be ≤ 32 pixels (the image size of cifar10), got 100", problem.Message);

        var tooLarge = SingleProblem("base/huge.yaml", ("base/huge.yaml", "data: { cutout: 300 }\n"));
        Assert.Equal("data.cutout must be ≤ 224 pixels (the largest image size, of imagenet), got 300", tooLarge.Message);
    }

    [Fact]
    public void A_matrix_over_data_sets_judges_each_combination_s_cutout()
    {
        var result = GeneratorHarness.Read("sweep.yaml",
            ("sweep.yaml", "data: { cutout: 30 }\nmatrix: { data.name: [cifar10, fashion-mnist, imagenet] }\n"));

        Assert.Empty(result.Experiments);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("data.cutout must be ≤ 28 pixels (the image size of fashion-mnist), got 30", problem.Message);
    }

    [Fact]
    public void Matrix_axes_take_the_new_keys()
    {
        var result = GeneratorHarness.Read("sweep.yaml",
            ("sweep.yaml", "name: s\nmodel: { architecture: wide-resnet }\nmatrix:\n  model.widen_factor: [4, 10]\n  training.runs: [1, 3]\n  evaluation.paper_error: [2.5, 3.1]\n"));

        Assert.Empty(result.Problems);
        Assert.Equal(8, result.Experiments.Count);
        Assert.Contains(result.Experiments, e => e.Name == "s-widen_factor-10-runs-3-paper_error-3.1" && e.Training.Runs == 3 && e.Evaluation.PaperError == 3.1);
    }
}
