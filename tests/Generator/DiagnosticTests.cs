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
    [InlineData("se-resnet depth not 6n+2", "model: { architecture: se-resnet, depth: 100 }\n", "ISDA004", 0, 41)]
    [InlineData("epochs below the default milestones 80, 120", "training: { epochs: 1 }\n", "ISDA004", 0, 20)]
    [InlineData("se-resnet reduction above the first stage's 16 channels", "model: { architecture: se-resnet, depth: 110, reduction: 32 }\n", "ISDA004", 0, 57)]
    [InlineData("shake-shake base_width odd", "model: { architecture: shake-shake, base_width: 33 }\n", "ISDA004", 0, 48)]
    [InlineData("densenet-bc compression leaving a transition no channel", "model: { architecture: densenet-bc, depth: 10, growth_rate: 1, compression: 0.1 }\n", "ISDA004", 0, 76)]
    [InlineData("se-resnet reduction < 1", "model: { architecture: se-resnet, reduction: 0 }\n", "ISDA004", 0, 45)]
    [InlineData("wide-resnet depth not 6n+4", "model: { architecture: wide-resnet, depth: 26 }\n", "ISDA004", 0, 43)]
    [InlineData("wide-resnet widen_factor < 1", "model: { architecture: wide-resnet, widen_factor: 0 }\n", "ISDA004", 0, 50)]
    [InlineData("wide-resnet dropout not in [0, 1)", "model: { architecture: wide-resnet, dropout: 1 }\n", "ISDA004", 0, 45)]
    [InlineData("resnext depth not 9n+2", "model: { architecture: resnext, depth: 26 }\n", "ISDA004", 0, 39)]
    [InlineData("resnext cardinality < 1", "model: { architecture: resnext, cardinality: 0 }\n", "ISDA004", 0, 45)]
    [InlineData("resnext base_width < 1", "model: { architecture: resnext, base_width: -4 }\n", "ISDA004", 0, 44)]
    [InlineData("densenet-bc depth not 6n+4", "model: { architecture: densenet-bc, depth: 101 }\n", "ISDA004", 0, 43)]
    [InlineData("densenet-bc growth_rate < 1", "model: { architecture: densenet-bc, growth_rate: 0 }\n", "ISDA004", 0, 49)]
    [InlineData("densenet-bc compression not in (0, 1]", "model: { architecture: densenet-bc, compression: 0 }\n", "ISDA004", 0, 49)]
    [InlineData("shake-shake depth not 6n+2", "model: { architecture: shake-shake, depth: 28 }\n", "ISDA004", 0, 43)]
    [InlineData("shake-shake base_width < 1", "model: { architecture: shake-shake, base_width: 0 }\n", "ISDA004", 0, 48)]
    [InlineData("pyramidnet depth not 9n+2", "model: { architecture: pyramidnet, depth: 270 }\n", "ISDA004", 0, 42)]
    [InlineData("pyramidnet alpha < 1", "model: { architecture: pyramidnet, alpha: 0 }\n", "ISDA004", 0, 42)]
    [InlineData("imagenet-resnet depth not a TorchVision depth", "model: { architecture: imagenet-resnet, depth: 32 }\n", "ISDA004", 0, 47)]
    [InlineData("imagenet-resnext unknown variant", "model: { architecture: imagenet-resnext, variant: 50-64x4d }\n", "ISDA005", 0, 50)]
    [InlineData("isda dropout not in [0, 1)", "method: { name: isda, dropout: 1 }\n", "ISDA004", 0, 31)]
    [InlineData("dropout rate not in [0, 1)", "method: { name: dropout, rate: 1 }\n", "ISDA004", 0, 31)]
    [InlineData("disturblabel rate not in [0, 1]", "method: { name: disturblabel, rate: 1.5 }\n", "ISDA004", 0, 36)]
    [InlineData("focal alpha not in (0, 1]", "method: { name: focal, alpha: 0 }\n", "ISDA004", 0, 30)]
    [InlineData("focal gamma < 0", "method: { name: focal, gamma: -1 }\n", "ISDA004", 0, 30)]
    [InlineData("lq q not in (0, 1]", "method: { name: lq, q: 1.5 }\n", "ISDA004", 0, 23)]
    [InlineData("center-loss weight < 0", "method: { name: center-loss, weight: -0.01 }\n", "ISDA004", 0, 37)]
    [InlineData("center-loss center_lr ≤ 0", "method: { name: center-loss, center_lr: 0 }\n", "ISDA004", 0, 40)]
    [InlineData("large-margin margin < 1", "method: { name: large-margin, margin: 0 }\n", "ISDA004", 0, 38)]
    [InlineData("large-margin margin not an integer", "method: { name: large-margin, margin: 2.5 }\n", "ISDA003", 0, 38)]
    [InlineData("runs < 1", "training: { runs: 0 }\n", "ISDA004", 0, 18)]
    [InlineData("paper_error above 100", "evaluation: { paper_error: 101 }\n", "ISDA004", 0, 27)]
    [InlineData("paper_error not a number", "evaluation: { paper_error: 3.8% }\n", "ISDA003", 0, 27)]
    [InlineData("cutout larger than a fashion-mnist image", "data: { name: fashion-mnist, cutout: 29 }\n", "ISDA004", 0, 37)]
    [InlineData("cutout larger than a cifar image", "data: { cutout: 33 }\n", "ISDA004", 0, 16)]
    [InlineData("autoaugment on fashion-mnist", "data: { name: fashion-mnist, augmentation: autoaugment }\n", "ISDA004", 0, 43)]
    [InlineData("autoaugment on imagenet", "data: { name: imagenet, augmentation: autoaugment }\n", "ISDA004", 0, 38)]
    [InlineData("unknown augmentation", "data: { augmentation: randaugment }\n", "ISDA005", 0, 22)]
    [InlineData("train_fraction 0", "data:\n  train_fraction: 0\n", "ISDA004", 1, 18)]
    [InlineData("train_fraction above 1", "data: { name: fashion-mnist, train_fraction: 1.5 }\n", "ISDA004", 0, 45)]
    [InlineData("train_fraction not a number", "data: { train_fraction: 10% }\n", "ISDA003", 0, 24)]
    [InlineData("parameter of another architecture", "model: { architecture: resnet, widen_factor: 10 }\n", "ISDA006", 0, 31)]
    [InlineData("parameter two other methods share", "method: { name: focal, rate: 0.1 }\n", "ISDA006", 0, 23)]
    [InlineData("isda's dropout under basic", "method: { name: basic, dropout: 0.3 }\n", "ISDA006", 0, 23)]
    public void Reports_the_problem_at_the_yaml_node(string because, string yaml, string id, int line, int column)
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run(("spec.yaml", yaml)).Diagnostics);

        var position = diagnostic.Location.GetLineSpan();
        Assert.True((id, line, column) == (diagnostic.Id, position.StartLinePosition.Line, position.StartLinePosition.Character),
            $"{because}: expected {id} at {line}:{column}, got {diagnostic.Id} at {position.StartLinePosition} ({diagnostic.GetMessage()})");
        Assert.Equal(GeneratorHarness.ProjectDir + "spec.yaml", position.Path);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Theory]
    [InlineData("model: { architecture: wide-resnet, depth: 26 }\n", "model.depth must be 6n+4 with n ≥ 1 (10, 16, 22, 28, 40, …), got 26")]
    [InlineData("model: { architecture: pyramidnet, depth: 270 }\n", "model.depth must be 9n+2 with n ≥ 1 (110, 164, 200, 236, 272, …), got 270")]
    [InlineData("model: { architecture: imagenet-resnet, depth: 32 }\n", "model.depth must be one of 18, 34, 50, 101, 152, got 32")]
    [InlineData("model: { architecture: densenet-bc, compression: 0 }\n", "model.compression must lie in (0, 1], got 0")]
    [InlineData("method: { name: dropout, rate: 1 }\n", "method.rate must lie in [0, 1), got 1")]
    [InlineData("method: { name: disturblabel, rate: 1.5 }\n", "method.rate must lie in [0, 1], got 1.5")]
    [InlineData("method: { name: center-loss, center_lr: 0 }\n", "method.center_lr must be > 0, got 0")]
    [InlineData("training: { runs: 0 }\n", "training.runs must be ≥ 1, got 0")]
    [InlineData("data: { train_fraction: 0 }\n", "data.train_fraction must lie in (0, 1], got 0")]
    [InlineData("data: { train_fraction: -0.1 }\n", "data.train_fraction must lie in (0, 1], got -0.1")]
    [InlineData("evaluation: { paper_error: 101 }\n", "evaluation.paper_error must lie in [0, 100], got 101")]
    [InlineData("data: { name: fashion-mnist, cutout: 29 }\n", "data.cutout must be ≤ 28 pixels (the image size of fashion-mnist), got 29")]
    [InlineData("data: { name: fashion-mnist, augmentation: autoaugment }\n",
        "data.augmentation autoaugment is the CIFAR policy: it needs data set cifar10 or cifar100, got autoaugment on fashion-mnist")]
    [InlineData("method: { name: focal, rate: 0.1 }\n", "method.rate belongs to method disturblabel or dropout, not to method focal; method focal takes: alpha, gamma")]
    [InlineData("training: { epochs: 1 }\n", "training.epochs must be above the default schedule.milestones (80, 120); set schedule.milestones below 1 or schedule.kind: cosine, got 1")]
    [InlineData("model: { architecture: se-resnet, reduction: 32 }\n", "model.reduction must lie in [1, 16] (at most the first stage's 16 channels), got 32")]
    [InlineData("model: { architecture: shake-shake, base_width: 33 }\n", "model.base_width must be even and ≥ 2, got 33")]
    public void Range_messages_say_what_is_allowed(string yaml, string message)
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run(("spec.yaml", yaml)).Diagnostics);

        Assert.Equal(message, diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("cutout of a whole cifar image", "data: { name: cifar100, cutout: 32 }\n")]
    [InlineData("autoaugment on cifar, with cutout as in the published option", "data: { augmentation: autoaugment, cutout: 16 }\n")]
    [InlineData("ImageNet with a TorchVision ResNet", "data: { name: imagenet, root: /data/imagenet }\nmodel: { architecture: imagenet-resnet, depth: 152 }\n")]
    [InlineData("the other ResNeXt variant", "model: { architecture: imagenet-resnext, variant: 101-32x8d }\n")]
    [InlineData("boundaries of the intervals", "model: { architecture: densenet-bc, compression: 1 }\nmethod: { name: disturblabel, rate: 1 }\nevaluation: { paper_error: 0 }\n")]
    [InlineData("the whole training set", "data: { train_fraction: 1 }\n")]
    [InlineData("a tiny share of the training set, as a fraction", "data: { name: fashion-mnist, train_fraction: 1/10000 }\n")]
    [InlineData("every method parameter given", "method: { name: center-loss, weight: 0, center_lr: 0.1 }\ntraining: { runs: 5, seed: 10 }\n")]
    public void Valid_specs_have_no_errors(string because, string yaml)
    {
        var errors = GeneratorHarness.Run(("spec.yaml", yaml)).Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

        Assert.True(!errors.Any(), $"{because}: {string.Join("; ", errors)}");
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
        var result = GeneratorHarness.Run(("a.yaml", "name: same\n"), ("b.yaml", "training: { epochs: 200 }\nname: same\n"));

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
        Assert.Equal(3, result.GeneratedTrees.Length); // the experiment, the catalog, the vocabulary
    }

    [Fact]
    public void A_valid_spec_has_no_diagnostics_and_yields_a_class_the_catalog_and_the_vocabulary()
    {
        var result = GeneratorHarness.Run(("ok.yaml", "method: { name: isda }\n"));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(3, result.GeneratedTrees.Length);
    }
}
