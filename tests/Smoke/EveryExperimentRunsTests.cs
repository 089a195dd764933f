using System.Globalization;
using IsdaDsl.Experiments.Generated;
using IsdaDsl.Runtime.Data;
using IsdaDsl.Runtime.Methods;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Settings;
using IsdaDsl.Runtime.Training;
using IsdaDsl.Tests.Gan;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Smoke;

/// <summary>
/// Every experiment of the catalog (experiments/) can train: its data set's reader and its augmentation run on a
/// tiny fabricated copy of the data set in the real format, and its network, method and optimizer, built as the
/// <see cref="Trainer"/> builds them, give finite logits in eval mode and take one SGD step with a finite loss.
/// A spec that names something the runtime cannot build, or a combination that cannot run, fails here by name.
/// </summary>
/// <remarks>
/// One step per distinct combination, not per experiment: experiments that build the same data set and
/// augmentation, architecture with its parameters, method with its parameters and optimizer differ only in what
/// one step does not exercise (name, seed, epochs, schedule, batch size, data root), so the first of them in
/// ordinal order runs for all of them and a failure names them all. (When this was written no two experiments
/// shared a combination: a spec's seeds are runs of one experiment, not experiments.) Every case uses a batch of
/// two: the widest networks (WRN-28-10, Shake-Shake 26 2×112d, ResNeXt-29 8×64d, the ImageNet ResNet-50 /
/// ResNeXt-50 on their 224×224 crops) still take about two seconds a case on two CPU cores.
/// The collection: each step seeds torch's global generator with the spec's seed, as the trainer does.
/// </remarks>
[Collection(nameof(ProcessWideStateCollection))]
public sealed class EveryExperimentRunsTests(SmokeDataSets dataSets) : IClassFixture<SmokeDataSets>
{
    private const int BatchSize = 2;

    /// <summary>The distinct combinations, each as the experiment that runs it and those it stands for.</summary>
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<string>>> Combinations = new(() =>
        ExperimentCatalog.All.Keys
            .Order(StringComparer.Ordinal)
            .GroupBy(name => StepKey(ExperimentCatalog.All[name]()), StringComparer.Ordinal)
            .ToDictionary(g => g.First(), g => (IReadOnlyList<string>)g.ToList(), StringComparer.Ordinal));

    public static TheoryData<string> DistinctCombinations() => [.. Combinations.Value.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(DistinctCombinations))]
    public void An_evaluation_and_one_training_step_run(string experiment)
    {
        var covered = Combinations.Value[experiment];
        var names = covered.Count == 1 ? experiment : $"{experiment} (and {string.Join(", ", covered.Skip(1))}, the same combination)";
        try
        {
            OneStep(ExperimentCatalog.All[experiment]());
        }
        catch (Exception e)
        {
            Assert.Fail($"{names} cannot train: {e}");
        }
    }

    [Fact]
    public void The_combinations_cover_every_experiment_once()
    {
        Assert.NotEmpty(ExperimentCatalog.All);
        Assert.Equal(
            ExperimentCatalog.All.Keys.Order(StringComparer.Ordinal),
            Combinations.Value.Values.SelectMany(names => names).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_experiment_names_components_the_runtime_implements()
    {
        var problems = new List<string>();
        foreach (var name in ExperimentCatalog.All.Keys.Order(StringComparer.Ordinal))
        {
            var settings = ExperimentCatalog.All[name]();
            if (!ArchitectureCatalog.Names.Contains(settings.Model.Name))
                problems.Add($"{name}: architecture '{settings.Model.Name}' is not among {string.Join(", ", ArchitectureCatalog.Names)}");
            if (!MethodCatalog.Names.Contains(settings.Method.Name))
                problems.Add($"{name}: method '{settings.Method.Name}' is not among {string.Join(", ", MethodCatalog.Names)}");
            if (!DatasetCatalog.Names.Contains(settings.Data.Name.ToLowerInvariant()))
                problems.Add($"{name}: data set '{settings.Data.Name}' is not among {string.Join(", ", DatasetCatalog.Names)}");
            if (!DatasetCatalog.Augmentations.Contains(settings.Data.Augmentation.ToLowerInvariant()))
                problems.Add($"{name}: augmentation '{settings.Data.Augmentation}' is not among {string.Join(", ", DatasetCatalog.Augmentations)}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>What a training step depends on; parameters in ordinal order, so their order in the spec does not count.</summary>
    private static string StepKey(TrainingSettings settings)
    {
        static string Component(ComponentSettings c) =>
            $"{c.Name}({string.Join(", ", c.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))})";
        var data = settings.Data;
        var optimizer = settings.Optimizer;
        return string.Join(" | ",
            $"{data.Name.ToLowerInvariant()} {data.Augmentation.ToLowerInvariant()} cutout {data.CutoutSize}",
            Component(settings.Model),
            Component(settings.Method),
            string.Create(CultureInfo.InvariantCulture, $"sgd lr {optimizer.LearningRate:R} momentum {optimizer.Momentum:R} nesterov {optimizer.Nesterov} wd {optimizer.WeightDecay:R}"));
    }

    /// <summary>One evaluation forward and one training step of <paramref name="settings"/> on the tiny data set.</summary>
    private void OneStep(TrainingSettings settings)
    {
        settings.Validate();
        // The real reader and augmentation of the spec's data set, pointed at the fabricated copy.
        var data = DatasetCatalog.Load(settings.Data with { Root = dataSets.Root(settings.Data.Name) });
        using var split = data.Split;
        var train = split.Train;
        using var trainBatch = new BatchLoader(train, BatchSize, shuffle: true, settings.Seed, data.TrainAugmentation).Epoch(1).First();
        using var testBatch = new BatchLoader(split.Test, BatchSize, shuffle: false, settings.Seed, data.TestAugmentation).Epoch(0).First();
        long[] imageShape = [BatchSize, train.Channels, train.Height, train.Width];
        Assert.Equal(imageShape, trainBatch.Images.shape);
        Assert.Equal(imageShape, testBatch.Images.shape);

        // As Trainer.Run builds them.
        random.manual_seed(settings.Seed);
        using var network = ArchitectureCatalog.Create(settings.Model, train.Shape, train.NumClasses);
        using var generators = new TemporaryDirectory();
        using var method = MethodCatalog.Create(settings.Method, TestGenerators.Context(network.NumClasses, network.FeatureDim, train.Shape, generators.Path));
        using var optimizer = settings.Optimizer.Create(network.parameters());
        Assert.Equal(train.NumClasses, network.NumClasses);

        using var scope = NewDisposeScope();
        // Evaluation first, on the test split's first batch (its reader and test-time transform): in eval mode the
        // normalisation layers use their running statistics, which a real run has gathered over a whole epoch before
        // it evaluates. After this single step they would hold one 10 % update from a batch of two, and a deep
        // network's logits there only measure how far that one step's gradient went (ResNet-110's reach 1e17 with
        // the basic method, and overflow with L-Softmax's larger first gradient), not whether the spec can run.
        network.eval();
        using (no_grad())
        {
            var evalLogits = network.forward(testBatch.Images);
            Assert.Equal(new long[] { BatchSize, train.NumClasses }, evalLogits.shape);
            Assert.True(evalLogits.isfinite().all().item<bool>(), "the evaluation logits are not all finite");
        }

        var before = network.parameters().Select(p => p.detach().clone()).ToList();
        network.train();
        optimizer.zero_grad();
        // Epoch 1, not 0: ISDA's λ = λ0 · epoch / epochs is then above zero, so its covariance term runs too.
        var clock = new TrainingClock(Epoch: 1, TotalEpochs: settings.Epochs);
        var (loss, logits) = method.Loss(network, trainBatch.Images, trainBatch.Labels, clock);
        var lossValue = loss.item<float>();
        Assert.True(float.IsFinite(lossValue), $"the training loss is {lossValue}");
        Assert.Equal(new long[] { BatchSize, train.NumClasses }, logits.shape);
        loss.backward();
        optimizer.step();
        var after = network.parameters().ToList();
        Assert.True(after.All(p => p.isfinite().all().item<bool>()), "a parameter is not finite after the step");
        var changed = after.Zip(before).Count(pair => pair.First.ne(pair.Second).any().item<bool>());
        Assert.True(changed > 0, $"no parameter of {before.Count} changed in the step");
    }
}
