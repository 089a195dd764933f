using IsdaDsl.Spec;

namespace IsdaDsl.Tests.Generator;

/// <summary>`extends`: how bases merge into a spec, checked on the resolved values.</summary>
public sealed class ExtendsTests
{
    private static ExperimentSpec Resolve(string path, params (string Path, string Text)[] files)
    {
        var result = GeneratorHarness.Read(path, files);
        Assert.Empty(result.Problems);
        return Assert.Single(result.Experiments);
    }

    [Fact]
    public void Mappings_merge_key_by_key()
    {
        var spec = Resolve("spec.yaml",
            ("base/sgd.yaml", "optimizer: { lr: 0.05, momentum: 0.8 }\nmodel: { depth: 20 }\n"),
            ("spec.yaml", "extends: base/sgd.yaml\noptimizer: { lr: 0.2 }\n"));

        Assert.Equal((0.2, 0.8), (spec.Optimizer.LearningRate, spec.Optimizer.Momentum));
        Assert.Equal("20", spec.Model.Parameters.Single(p => p.Key == "depth").Text);
    }

    [Fact]
    public void Lists_and_scalars_replace()
    {
        var spec = Resolve("spec.yaml",
            ("base/schedule.yaml", "training: { epochs: 100 }\nschedule: { milestones: [10, 20, 30], factor: 0.5 }\n"),
            ("spec.yaml", "extends: base/schedule.yaml\nschedule: { milestones: [50], factor: 0.2 }\n"));

        Assert.Equal([50], spec.Schedule.Milestones);
        Assert.Equal(0.2, spec.Schedule.Factor);
    }

    [Fact]
    public void A_null_section_replaces_the_inherited_one_with_the_defaults()
    {
        var spec = Resolve("spec.yaml",
            ("base/isda.yaml", "method: { name: isda, lambda0: 0.25 }\n"),
            ("spec.yaml", "extends: base/isda.yaml\nmethod: ~\n"));

        Assert.Equal("basic", spec.Method.Name);
    }

    [Fact]
    public void A_null_parameter_drops_one_inherited_from_another_method()
    {
        var spec = Resolve("spec.yaml",
            ("base/isda.yaml", "method: { name: isda, lambda0: 0.25 }\n"),
            ("spec.yaml", "extends: base/isda.yaml\nmethod: { name: basic, lambda0: ~ }\n"));

        Assert.Equal("basic", spec.Method.Name);
        Assert.Empty(spec.Method.Parameters);
    }

    [Fact]
    public void Later_bases_override_earlier_ones_and_the_file_overrides_all()
    {
        (string, string)[] bases =
        [
            ("base/first.yaml", "training: { epochs: 200, seed: 1 }\ndata: { name: cifar100 }\n"),
            ("base/second.yaml", "training: { epochs: 210 }\n"),
        ];

        var inherited = Resolve("spec.yaml", [.. bases, ("spec.yaml", "extends: [base/first.yaml, base/second.yaml]\ntraining: { batch_size: 64 }\n")]);
        var overridden = Resolve("spec.yaml", [.. bases, ("spec.yaml", "extends: [base/first.yaml, base/second.yaml]\ntraining: { epochs: 220 }\n")]);

        Assert.Equal(new TrainingSpec(210, 64, 1, SpecSchema.DefaultRuns), inherited.Training);
        Assert.Equal("cifar100", inherited.Data.Name);
        Assert.Equal(220, overridden.Training.Epochs);
    }

    [Fact]
    public void Name_extends_and_matrix_of_a_base_are_not_inherited()
    {
        var spec = Resolve("runs/spec.yaml",
            ("base/common.yaml", "name: common\nextends: isda.yaml\nmatrix: { training.seed: [1, 2] }\ntraining: { epochs: 5 }\nschedule: { kind: cosine }\n"),
            ("base/isda.yaml", "method: { name: isda }\n"),
            ("runs/spec.yaml", "extends: ../base/common.yaml\n"));

        // The base's own extends is followed from the base's folder; its name and matrix stay its own.
        Assert.Equal("runs-spec", spec.Name);
        Assert.Equal("isda", spec.Method.Name);
        Assert.Equal(new TrainingSpec(5, SpecSchema.DefaultBatchSize, 0, SpecSchema.DefaultRuns), spec.Training);
    }

    [Fact]
    public void Chains_resolve_each_path_from_its_own_folder()
    {
        var spec = Resolve("cifar/spec.yaml",
            ("base/defaults/sgd.yaml", "optimizer: { lr: 0.3, weight_decay: 0.0005 }\ntraining: { seed: 7 }\n"),
            ("base/resnet.yaml", "extends: defaults/sgd.yaml\nmodel: { depth: 56 }\noptimizer: { lr: 0.2 }\n"),
            ("cifar/spec.yaml", "extends: ../base/resnet.yaml\ntraining: { seed: 9 }\n"));

        Assert.Equal((0.2, 0.0005), (spec.Optimizer.LearningRate, spec.Optimizer.WeightDecay));
        Assert.Equal("56", spec.Model.Parameters.Single(p => p.Key == "depth").Text);
        Assert.Equal(9, spec.Training.Seed);
    }

    [Fact]
    public void Each_base_counts_with_its_own_bases_merged_in()
    {
        // C brings D's seed back over B's: a later base overrides with everything it resolves to.
        var spec = Resolve("a.yaml",
            ("base/d.yaml", "training: { seed: 1, epochs: 5 }\nschedule: { kind: cosine }\n"),
            ("base/b.yaml", "extends: d.yaml\ntraining: { seed: 2 }\n"),
            ("base/c.yaml", "extends: d.yaml\noptimizer: { lr: 0.3 }\n"),
            ("a.yaml", "extends: [base/b.yaml, base/c.yaml]\n"));

        Assert.Equal((1, 0.3), (spec.Training.Seed, spec.Optimizer.LearningRate));
    }

    [Fact]
    public void Bases_sharing_bases_level_after_level_resolve_without_blowing_up()
    {
        // 30 levels of two files that each extend both files of the next level: 2^30 paths, 60 files.
        const int levels = 30;
        var files = Enumerable.Range(0, levels).SelectMany(level => new[] { "a", "b" }.Select(side =>
            ($"base/{side}{level}.yaml", level == levels - 1 ? $"training: {{ seed: {level} }}\n" : $"extends: [a{level + 1}.yaml, b{level + 1}.yaml]\n")));

        var spec = Resolve("spec.yaml", [.. files, ("spec.yaml", "extends: [base/a0.yaml, base/b0.yaml]\n")]);

        Assert.Equal(levels - 1, spec.Training.Seed);
    }

    [Theory]
    [InlineData("../base/isda.yaml")]
    [InlineData("..\\base\\isda.yaml")]
    [InlineData("./../base/./isda.yaml")]
    [InlineData("../cifar/../base//isda.yaml")]
    [InlineData("/proj/base/isda.yaml")]
    public void Every_spelling_of_a_path_finds_the_base(string path)
    {
        var spec = Resolve("cifar/spec.yaml", ("base/isda.yaml", "method: { name: isda }\n"), ("cifar/spec.yaml", $"extends: '{path}'\n"));

        Assert.Equal("isda", spec.Method.Name);
    }

    [Fact]
    public void A_base_is_no_experiment_but_any_spec_may_be_extended()
    {
        var result = GeneratorHarness.Run(
            ("base/isda.yaml", "method: { name: isda }\n"),
            ("experiments/deep/base/nested.yaml", "model: { depth: 20 }\n"),
            ("plain.yaml", "training: { epochs: 3 }\nschedule: { kind: cosine }\n"),
            ("spec.yaml", "extends: [base/isda.yaml, plain.yaml]\n"));

        Assert.Empty(result.Diagnostics);
        var catalog = result.Results[0].GeneratedSources.Single(s => s.HintName.Contains("ExperimentCatalog")).SourceText.ToString();
        Assert.Equal(4, result.GeneratedTrees.Length); // two experiments, the catalog, the vocabulary
        Assert.Contains("[\"plain\"]", catalog);
        Assert.Contains("[\"spec\"]", catalog);
        Assert.DoesNotContain("isda\"]", catalog);
        Assert.DoesNotContain("nested", catalog);
    }

    [Fact]
    public void A_base_in_a_cycle_with_another_still_gives_its_extenders_both()
    {
        var result = GeneratorHarness.Read("spec.yaml",
            ("base/a.yaml", "extends: b.yaml\nmethod: { name: isda }\n"),
            ("base/b.yaml", "extends: a.yaml\ntraining: { epochs: 4 }\nschedule: { kind: cosine }\n"),
            ("spec.yaml", "extends: base/a.yaml\n"));

        // The cycle is reported in a.yaml and b.yaml, not in the spec that merely extends one of them.
        Assert.Empty(result.Problems);
        Assert.Equal(("isda", 4), (result.Experiments[0].Method.Name, result.Experiments[0].Training.Epochs));
    }
}
