using IsdaDsl.Experiments.Specs;
using IsdaDsl.Spec;

namespace IsdaDsl.Tests.Cli;

/// <summary>`--set` overrides: parsed from the command line, applied to the resolved YAML, judged by the build's validator.</summary>
public sealed class SpecOverrideTests
{
    private const string Isda = "fashion-mnist-resnet8-isda";
    private const string Basic = "fashion-mnist-resnet8-basic";

    private static ExperimentSpec Resolve(string experiment, params string[] arguments) =>
        ExperimentRequest.Resolve(experiment, arguments.Select(SpecOverride.Parse)).Spec;

    private static IReadOnlyList<string> Problems(string experiment, params string[] arguments) =>
        Assert.Throws<SpecProblemsException>(() => Resolve(experiment, arguments)).Lines;

    [Fact]
    public void Valid_overrides_change_exactly_their_values()
    {
        var spec = Resolve(Isda, "training.epochs=2", "training.seed=3", "optimizer.lr=0.05", "method.lambda0=0.25");
        var catalog = CatalogSpecs.Read(Isda);
        Assert.Equal(catalog with
        {
            Training = catalog.Training with { Epochs = 2, Seed = 3 },
            Optimizer = catalog.Optimizer with { LearningRate = 0.05 },
            Method = catalog.Method with
            {
                Parameters = new EquatableArray<SpecParameter>([new("lambda0", ValueKind.Number, "0.25"), new("covariance", ValueKind.Choice, "full"), new("dropout", ValueKind.Number, "0")]),
            },
        }, spec with { NameSpan = catalog.NameSpan });
    }

    [Fact]
    public void A_flow_list_value_sets_a_list()
    {
        var spec = Resolve(Isda, "training.epochs=6", "schedule.kind=multistep", "schedule.milestones=[2,4]", "schedule.factor=0.2");
        Assert.Equal(["multistep"], [spec.Schedule.Kind]);
        Assert.Equal([2, 4], spec.Schedule.Milestones);
        Assert.Equal(0.2, spec.Schedule.Factor);
    }

    [Fact]
    public void An_empty_value_is_null_and_takes_the_default()
    {
        var withRoot = Resolve(Isda, "data.root=/data/fm");
        Assert.Equal("/data/fm", withRoot.Data.Root);
        Assert.Null(Resolve(Isda, "data.root=").Data.Root);
        Assert.Equal(160, Resolve(Isda, "training.epochs=").Training.Epochs);
    }

    [Fact]
    public void Out_of_range_values_get_the_builds_message()
    {
        Assert.Equal(["--set optimizer.lr=-1: error ISDA004: optimizer.lr must be > 0, got -1"], Problems(Isda, "optimizer.lr=-1"));
        Assert.Equal(["--set model.depth=30: error ISDA004: model.depth must be 6n+2 with n ≥ 1 (8, 14, 20, 32, 44, 56, 110, …), got 30"], Problems(Isda, "model.depth=30"));
    }

    [Fact]
    public void Train_fraction_is_set_and_judged_by_the_builds_validator()
    {
        Assert.Equal(0.1, Resolve(Isda, "data.train_fraction=0.1").Data.TrainFraction);
        Assert.Equal(0.25, Resolve(Isda, "data.train_fraction=1/4").Data.TrainFraction);
        Assert.Equal(["--set data.train_fraction=0: error ISDA004: data.train_fraction must lie in (0, 1], got 0"], Problems(Isda, "data.train_fraction=0"));
        Assert.Equal(["--set data.train_fraction=1.1: error ISDA004: data.train_fraction must lie in (0, 1], got 1.1"], Problems(Isda, "data.train_fraction=1.1"));
        Assert.Equal(["--set data.train_fraction=ten: error ISDA003: data.train_fraction must be a number (a decimal or a fraction such as 1/6), got 'ten'"],
            Problems(Isda, "data.train_fraction=ten"));
    }

    [Fact]
    public void An_unknown_key_or_section_suggests_the_nearest()
    {
        Assert.Equal(["--set optimizer.momentun=0.5: error ISDA002: unknown key 'momentun' in 'optimizer' (did you mean 'momentum'?); allowed: lr, momentum, nesterov, weight_decay"],
            Problems(Isda, "optimizer.momentun=0.5"));
        Assert.Equal(["--set trainig.epochs=2: error ISDA002: unknown section 'trainig' (did you mean 'training'?); allowed: name, kind, extends, matrix, data, model, training, optimizer, schedule, method, evaluation, gan, reconstruction"],
            Problems(Isda, "trainig.epochs=2"));
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_ISDA003()
    {
        Assert.Equal(["--set training.epochs=six: error ISDA003: training.epochs must be an integer, got 'six'"], Problems(Isda, "training.epochs=six"));
        Assert.Equal(["--set optimizer.lr=[1]: error ISDA003: optimizer.lr must be a number (a decimal or a fraction such as 1/6), got a list"], Problems(Isda, "optimizer.lr=[1]"));
    }

    [Fact]
    public void A_malformed_value_is_ISDA001_and_the_other_overrides_are_still_checked()
    {
        var problems = Problems(Isda, "schedule.milestones=[2,4", "training.epoch=3");
        Assert.Equal(2, problems.Count);
        Assert.StartsWith("--set schedule.milestones=[2,4: error ISDA001: malformed YAML: ", problems[0]);
        Assert.StartsWith("--set training.epoch=3: error ISDA002: unknown key 'epoch' in 'training' (did you mean 'epochs'?)", problems[1]);
    }

    [Theory]
    [InlineData("epochs=3")]
    [InlineData("training.epochs")]
    [InlineData("a.b.c=1")]
    [InlineData(".epochs=1")]
    public void An_argument_that_is_not_section_key_value_says_what_is_expected(string argument)
    {
        var problem = Assert.Throws<SpecProblemsException>(() => SpecOverride.Parse(argument));
        Assert.Equal([$"--set {argument}: expected SECTION.KEY=VALUE, e.g. training.epochs=2 or schedule.milestones=[2,4]"], problem.Lines);
    }

    [Theory]
    [InlineData("../../x", "../../x")]
    [InlineData("/tmp/x", "/tmp/x")]
    [InlineData("\"../x\"", "../x")]
    [InlineData("Fashion", "Fashion")]
    public void A_name_that_breaks_the_name_rule_is_refused_with_the_rule(string value, string name)
    {
        var problem = Assert.Throws<SpecProblemsException>(() => SpecOverride.Parse($"name={value}"));
        Assert.Equal([$"--set name={value}: error ISDA004: name must match {ExperimentName.Rule}, got '{name}'; an experiment's name is not set with --set"],
            problem.Lines);
    }

    [Fact]
    public void A_valid_name_is_refused_too_the_command_names_the_experiment()
    {
        var problem = Assert.Throws<SpecProblemsException>(() => SpecOverride.Parse("name=fashion-mnist-resnet8-basic"));
        Assert.Equal(["--set name=fashion-mnist-resnet8-basic: an experiment's name is not set with --set: name the experiment to run as the command's argument"],
            problem.Lines);
    }

    [Theory]
    [InlineData("schedule.milestones=[&a 2, *a]", "YAML anchors (&a) are not allowed in a spec")]
    [InlineData("data.root=&r /tmp/x", "YAML anchors (&r) are not allowed in a spec")]
    [InlineData("data.root=*r", "YAML aliases (*r) are not allowed in a spec")]
    public void An_anchor_or_alias_in_a_value_is_refused(string argument, string message)
    {
        var problem = Assert.Single(Problems(Isda, argument));
        Assert.StartsWith($"--set {argument}: error ISDA001: {message}", problem);
    }

    [Fact]
    public void A_value_may_contain_equals_signs()
    {
        Assert.Equal(new SpecOverride("data", "root", "/data/a=b"), SpecOverride.Parse("data.root=/data/a=b"));
    }

    [Fact]
    public void A_parameter_of_another_component_is_ISDA006()
    {
        Assert.Equal(["--set method.lambda0=0.3: error ISDA006: method.lambda0 belongs to method isda, not to method basic; method basic takes: no parameters"],
            Problems(Basic, "method.lambda0=0.3"));
    }

    [Fact]
    public void Choosing_another_component_starts_from_its_defaults()
    {
        // The resolved YAML of the ISDA experiment writes lambda0 and covariance out; they belong to isda, not basic.
        var basic = Resolve(Isda, "method.name=basic").Method;
        Assert.Equal(("basic", EquatableArray<SpecParameter>.Empty), (basic.Name, basic.Parameters));
        var isda = Resolve(Basic, "method.lambda0=0.3", "method.name=isda").Method;
        Assert.Equal("isda", isda.Name);
        Assert.Equal("0.3", isda.Parameters.Single(p => p.Key == "lambda0").Text);
    }

    [Fact]
    public void A_problem_in_the_yaml_an_override_changed_names_every_override()
    {
        Assert.Equal(["--set optimizer.momentum=0 --set training.epochs=2: error ISDA004: optimizer.nesterov needs momentum > 0, got true"],
            Problems(Isda, "optimizer.momentum=0", "training.epochs=2"));
    }

    [Fact]
    public void The_last_of_repeated_keys_wins()
    {
        var effective = SpecOverride.Effective([SpecOverride.Parse("training.epochs=2"), SpecOverride.Parse("optimizer.lr=0.5"), SpecOverride.Parse("training.epochs=3")]);
        Assert.Equal(["optimizer.lr=0.5", "training.epochs=3"], effective.Select(o => o.ToString()));
        Assert.Equal(3, Resolve(Isda, "training.epochs=2", "training.epochs=3").Training.Epochs);
    }

    [Fact]
    public void An_unknown_experiment_suggests_the_nearest()
    {
        var problem = Assert.Throws<ArgumentException>(() => ExperimentRequest.Resolve("fashion-mnist-resnet8-isd", []));
        Assert.StartsWith("unknown experiment 'fashion-mnist-resnet8-isd' (did you mean 'fashion-mnist-resnet8-isda'", problem.Message);
        Assert.EndsWith("isda list shows all " + CatalogSpecs.Names.Count + " experiments", problem.Message);
    }
}
