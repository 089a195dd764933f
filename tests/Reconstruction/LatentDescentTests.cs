using IsdaDsl.Runtime.Reconstruction;
using IsdaDsl.Runtime.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Reconstruction;

/// <summary>
/// The descents of Appendix C: Step I recovers a known latent through a linear generator, the networks stay untouched,
/// a saved and reloaded descent continues bit for bit, the reported losses are the summed squared errors, and a
/// non-finite loss stops the descent with the step and iteration named.
/// </summary>
public sealed class LatentDescentTests
{
    private const double PixelWeight = 1;

    [Fact]
    public void Step_I_recovers_the_normalised_latent_of_a_linear_generator()
    {
        using var scope = NewDisposeScope();
        var problem = new LinearProblem(count: 4, latentDim: 8, pixels: 16, featureDim: 12, ScalarType.Float64, seed: 31);
        var objective = ReconstructionObjectives.LatentSearch(problem.Render, problem.Extract, problem.TargetFeatures, problem.Images, PixelWeight);
        var reports = new List<DescentIteration>();
        using var descent = new LatentDescent(ReconstructionStep.LatentSearch, problem.Start,
            ReconstructionSchedule.Of(500, 0.2));

        Assert.True(descent.Run(objective, new DescentHooks(reports.Add)));

        // Total ≥ η ‖ẑ − ẑ*‖² (WᵀW = I, the feature term is ≥ 0), so the last loss bounds the distance: the recovered ẑ
        // must lie within √(total/η) of ẑ*, and that is asked to be below 1e-6.
        var distance = Math.Sqrt(ReconstructionReference.SquaredDistance(
            ReconstructionReference.Rows(descent.NormalisedLatents()), ReconstructionReference.Rows(problem.TrueNormalised)));
        Assert.True(distance < 1e-6, $"‖ẑ − ẑ*‖ = {distance}");
        Assert.True(distance <= Math.Sqrt(reports[^1].TotalLoss / PixelWeight) + 1e-12, $"‖ẑ − ẑ*‖ = {distance}, last loss {reports[^1].TotalLoss}");
        Assert.True(reports[^1].FeatureLoss < 1e-12 * reports[0].FeatureLoss, $"feature loss {reports[0].FeatureLoss} → {reports[^1].FeatureLoss}");
    }

    [Fact]
    public void The_reported_losses_are_summed_squared_errors_and_the_schedule_drops_the_learning_rate()
    {
        using var scope = NewDisposeScope();
        var problem = new LinearProblem(count: 3, latentDim: 5, pixels: 7, featureDim: 4, ScalarType.Float64, seed: 32);
        const double eta = 0.3;
        var objective = ReconstructionObjectives.LatentSearch(problem.Render, problem.Extract, problem.TargetFeatures, problem.Images, eta);
        var reports = new List<DescentIteration>();
        using var descent = new LatentDescent(ReconstructionStep.LatentSearch, problem.Start, ReconstructionSchedule.Of(5, 0.01, dropEvery: 2, dropFactor: 0.5));

        descent.Run(objective, new DescentHooks(reports.Add));

        var start = ReconstructionReference.Normalise(ReconstructionReference.Rows(problem.Start));
        var w = ReconstructionReference.Rows(problem.Weight);
        var b = ReconstructionReference.Rows(problem.Bias.unsqueeze(0))[0];
        var images = ReconstructionReference.Affine(start, w, b);
        var features = ReconstructionReference.Affine(images, ReconstructionReference.Rows(problem.Features));
        var feature = ReconstructionReference.SquaredDistance(features, ReconstructionReference.Rows(problem.TargetFeatures));
        var pixel = ReconstructionReference.SquaredDistance(images, ReconstructionReference.Rows(problem.Images));
        Assert.Equal(feature, reports[0].FeatureLoss, 10);
        Assert.Equal(pixel, reports[0].PixelLoss!.Value, 10);
        Assert.Equal(feature + eta * pixel, reports[0].TotalLoss, 10);
        Assert.Equal([0, 1, 2, 3, 4], reports.Select(r => r.Iteration));
        Assert.Equal([0.01, 0.01, 0.005, 0.005, 0.0025], reports.Select(r => r.LearningRate));
        Assert.All(reports, r => Assert.Equal(ReconstructionStep.LatentSearch, r.Step));
    }

    [Fact]
    public void The_generator_and_feature_extractor_are_left_bit_for_bit_without_gradients()
    {
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(41);
        using var render = nn.Sequential(nn.Linear(6, 10), nn.Tanh(), nn.BatchNorm1d(10), nn.Linear(10, 9));
        using var extract = nn.Sequential(nn.Linear(9, 5), nn.ReLU(), nn.Linear(5, 4));
        foreach (var module in new nn.Module<Tensor, Tensor>[] { render, extract })
        {
            using (no_grad())
            {
                foreach (var parameter in module.parameters())
                    parameter.copy_(randn(parameter.shape, generator: generator));
                foreach (var buffer in module.buffers().Where(t => t.is_floating_point()))
                    buffer.copy_(rand(buffer.shape, generator: generator) + 0.5);
            }
            module.eval();
        }
        var before = Snapshot(render).Concat(Snapshot(extract)).ToList();
        var images = randn([2, 9], generator: generator);
        var latents = randn([2, 6], generator: generator);

        var reports = new List<DescentIteration>();
        using var search = new LatentDescent(ReconstructionStep.LatentSearch, latents, ReconstructionSchedule.Of(15, 0.05));
        search.Run(ReconstructionObjectives.LatentSearch(render.forward, extract.forward, extract.forward(images).detach(), images, 0.1), new DescentHooks(reports.Add));
        var covariances = eye(4).unsqueeze(0).repeat(3, 1, 1);
        var shifts = FeatureShifts.Sample(covariances, tensor(new long[] { 2, 0 }), 3, 0.5, generator);
        var targets = AugmentationBatch.Targets(extract.forward(images).detach(), shifts);
        using var augmentation = new LatentDescent(ReconstructionStep.Augmentation, AugmentationBatch.Latents(search.Latents(), 3), ReconstructionSchedule.Of(15, 0.05));
        augmentation.Run(ReconstructionObjectives.Augmentation(render.forward, extract.forward, targets), new DescentHooks(reports.Add));

        // The descents did move the latents (so gradients did flow through both networks).
        Assert.False(search.Latents().Equals(latents));
        Assert.True(reports[14].TotalLoss < reports[0].TotalLoss);
        Assert.True(reports[^1].TotalLoss < reports[15].TotalLoss);
        var after = Snapshot(render).Concat(Snapshot(extract)).ToList();
        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++)
        {
            Assert.Equal(before[i].Name, after[i].Name);
            Assert.True(before[i].Value.Equals(after[i].Value), $"{before[i].Name} changed");
        }
        foreach (var parameter in render.parameters().Concat(extract.parameters()))
        {
            Assert.True(parameter.requires_grad);
            Assert.Null(parameter.grad);
        }
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void A_saved_and_reloaded_descent_continues_bit_for_bit(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var problem = new LinearProblem(count: 3, latentDim: 6, pixels: 10, featureDim: 5, dtype, seed: 51);
        var objective = ReconstructionObjectives.LatentSearch(problem.Render, problem.Extract, problem.TargetFeatures, problem.Images, 0.5);
        // The learning rate drops at 10 and 20: both sides of the interruption at 13 see a drop.
        var schedule = ReconstructionSchedule.Of(30, 0.05, dropEvery: 10, dropFactor: 0.5);
        using var uninterrupted = new LatentDescent(ReconstructionStep.LatentSearch, problem.Start, schedule);
        uninterrupted.Run(objective);

        using var stream = new MemoryStream();
        using (var first = new LatentDescent(ReconstructionStep.LatentSearch, problem.Start, schedule))
        {
            Assert.False(first.Run(objective, until: 13));
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            first.Save(writer);
        }
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        using var resumed = LatentDescent.Load(reader);

        Assert.Equal(13, resumed.NextIteration);
        Assert.Equal(ReconstructionStep.LatentSearch, resumed.Step);
        Assert.Equal(schedule, resumed.Schedule);
        Assert.True(resumed.Run(objective));
        var expected = uninterrupted.Latents();
        var actual = resumed.Latents();
        Assert.Equal(dtype, actual.dtype);
        Assert.False(expected.Equals(problem.Start));
        Assert.True(expected.Equals(actual));
        Assert.True(uninterrupted.MomentumBuffer!.Equals(resumed.MomentumBuffer!));
    }

    [Fact]
    public void A_record_of_something_else_or_a_truncated_one_is_refused()
    {
        using var scope = NewDisposeScope();
        using (var other = new BinaryReader(new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17])))
            Assert.Throws<InvalidDataException>(() => LatentDescent.Load(other));

        using var stream = new MemoryStream();
        using (var descent = new LatentDescent(ReconstructionStep.Augmentation, ones(2, 3), ReconstructionSchedule.Of(5, 0.1)))
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            descent.Save(writer);
        using var truncated = new BinaryReader(new MemoryStream(stream.ToArray()[..^8]));
        Assert.Throws<InvalidDataException>(() => LatentDescent.Load(truncated));
    }

    [Theory]
    [InlineData(ReconstructionStep.LatentSearch, double.NaN, "Step I ")]
    [InlineData(ReconstructionStep.Augmentation, double.PositiveInfinity, "Step II ")]
    public void A_non_finite_loss_stops_the_descent_naming_the_step_and_iteration(ReconstructionStep step, double poison, string name)
    {
        using var scope = NewDisposeScope();
        var problem = new LinearProblem(count: 2, latentDim: 4, pixels: 6, featureDim: 3, ScalarType.Float64, seed: 61);
        var healthy = ReconstructionObjectives.Augmentation(problem.Render, problem.Extract, problem.TargetFeatures);
        var calls = 0;
        ObjectiveValue Poisoned(Tensor normalised)
        {
            var value = healthy(normalised);
            return ++calls == 4 ? value with { Total = value.Total * poison } : value;
        }
        using var descent = new LatentDescent(step, problem.Start, ReconstructionSchedule.Of(10, 0.01));
        descent.Run(Poisoned, until: 3);
        var beforeFailure = descent.Latents();

        var error = Assert.Throws<NonFiniteLossException>(() => descent.Run(Poisoned));

        Assert.Contains(name, error.Message);
        Assert.Contains("iteration 3 ", error.Message);
        Assert.Equal(3, descent.NextIteration);
        Assert.True(beforeFailure.Equals(descent.Latents()));
    }

    [Fact]
    public void Cancelling_stops_after_a_whole_iteration_and_checkpoints_come_every_k_iterations()
    {
        using var scope = NewDisposeScope();
        var problem = new LinearProblem(count: 2, latentDim: 4, pixels: 6, featureDim: 3, ScalarType.Float64, seed: 71);
        var objective = ReconstructionObjectives.Augmentation(problem.Render, problem.Extract, problem.TargetFeatures);
        using var cancellation = new CancellationTokenSource();
        var reported = new List<int>();
        var checkpoints = new List<int>();
        var hooks = new DescentHooks(r =>
        {
            reported.Add(r.Iteration);
            Assert.Null(r.PixelLoss);
            if (r.Iteration == 5)
                cancellation.Cancel();
        }, CheckpointEvery: 4, Checkpoint: d => checkpoints.Add(d.NextIteration));
        using var descent = new LatentDescent(ReconstructionStep.Augmentation, problem.Start, ReconstructionSchedule.Of(10, 0.01));

        Assert.False(descent.Run(objective, hooks, cancellation: cancellation.Token));
        Assert.Equal(6, descent.NextIteration);
        Assert.True(descent.Run(objective, hooks));

        Assert.Equal(Enumerable.Range(0, 10), reported);
        Assert.Equal([4, 8], checkpoints);
    }

    [Fact]
    public void Step_II_starts_each_image_s_k_latents_from_its_Step_I_latent_with_matching_targets()
    {
        using var scope = NewDisposeScope();
        var latents = arange(6, dtype: ScalarType.Float64).reshape(2, 3);
        var features = tensor(new double[] { 1, 2, 10, 20 }, [2, 2]);
        var shifts = arange(12, dtype: ScalarType.Float64).reshape(2, 3, 2) / 100;

        var repeated = ReconstructionReference.Rows(AugmentationBatch.Latents(latents, 3));
        var targets = ReconstructionReference.Rows(AugmentationBatch.Targets(features, shifts));

        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                Assert.Equal(new double[] { 3 * i, 3 * i + 1, 3 * i + 2 }, repeated[i * 3 + j]);
                var shift = (i * 3 + j) * 2 / 100.0;
                var next = ((i * 3 + j) * 2 + 1) / 100.0;
                Assert.Equal(new[] { (i == 0 ? 1 : 10) + shift, (i == 0 ? 2 : 20) + next }, targets[i * 3 + j]);
            }
        }
    }

    [Fact]
    public void The_learning_rate_drops_by_the_factor_every_drop_every_iterations()
    {
        // The appendix's Step I schedule, the DSL's defaults.
        var schedule = ReconstructionSchedule.Of(10_000, 10);
        Assert.Equal(10, schedule.LearningRate(0));
        Assert.Equal(10, schedule.LearningRate(2499));
        Assert.Equal(1, schedule.LearningRate(2500), 12);
        Assert.Equal(0.1, schedule.LearningRate(5000), 12);
        Assert.Equal(0.01, schedule.LearningRate(9999), 12);
        Assert.Equal((10_000, 0.9, 1e-4), (schedule.Iterations, schedule.Momentum, schedule.WeightDecay));
        Assert.Equal("reconstruction.momentum must lie in [0, 1), got 1", Assert.Throws<ArgumentException>(() => ReconstructionSchedule.Of(10, 1, momentum: 1)).Message);
    }

    private static IEnumerable<(string Name, Tensor Value)> Snapshot(nn.Module module) =>
        module.named_parameters().Select(p => (p.name, p.parameter.detach().clone()))
            .Concat(module.named_buffers().Select(b => (b.name, b.buffer.detach().clone())));
}
