using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Data;
using IsdaDsl.Runtime.Methods;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Settings;
using IsdaDsl.Runtime.Training;
using IsdaDsl.Tests.Training;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Methods;

/// <summary>Every method trains, and a run of every method with state or random draws resumes bit for bit.</summary>
[Collection(nameof(ProcessWideStateCollection))]
public sealed class BaselineTrainingTests : IDisposable
{
    private readonly TemporaryDirectory temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>Every registered method with the DSL's defaults, ISDA + Dropout, and a few other settings.</summary>
    public static TheoryData<string, string> Methods()
    {
        var data = new TheoryData<string, string>();
        // GAN augmentation needs a generator of its images' size: GanAugmentationMethodTests trains it.
        foreach (var name in MethodCatalog.Names.Where(name => name != "gan-augmentation"))
            data.Add(name, "");
        data.Add("isda", "dropout=0.3");
        data.Add("large-margin", "margin=2");
        data.Add("focal", "gamma=0");
        return data;
    }

    private static Dictionary<string, string> Parse(string parameters) =>
        parameters.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

    [Theory]
    [MemberData(nameof(Methods))]
    public void One_sgd_step_on_a_tiny_batch_lowers_the_loss(string name, string parameters)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(11);
        using var network = TestNetworks.TinyResNet();
        var (images, labels) = TestNetworks.Batch();
        using var method = MethodCatalog.Create(name, Parameters.ForMethod(name, Parse(parameters)), new MethodContext(10, network.FeatureDim, CPU));
        using var optimizer = optim.SGD(network.parameters(), 0.05);
        var clock = new TrainingClock(5, 10); // λ > 0 for ISDA

        // The same random draws (dropout mask, disturbed labels) before and after the step.
        random.manual_seed(12);
        var before = method.Loss(network, images, labels, clock);
        optimizer.zero_grad();
        before.Loss.backward();
        optimizer.step();
        random.manual_seed(12);
        var after = method.Loss(network, images, labels, clock);

        Assert.True(after.Loss.item<float>() < before.Loss.item<float>(), $"{name} {parameters}: loss {before.Loss.item<float>()} → {after.Loss.item<float>()}");
        Assert.Equal([12, 10], before.Logits.shape);
    }

    [Theory]
    [InlineData("center-loss", "", 0)]
    [InlineData("center-loss", "", 2)]
    [InlineData("disturblabel", "rate=0.3", 2)]
    [InlineData("dropout", "", 2)]
    [InlineData("isda", "lambda0=0.5,dropout=0.3", 2)]
    [InlineData("large-margin", "", 2)]
    public void Resuming_continues_bit_for_bit(string name, string parameters, int stopAfterStepOfSecondEpoch)
    {
        using var data = new DisposableData(SyntheticData.Create());
        var settings = SyntheticData.Settings("basic", epochs: 2) with { Method = new ComponentSettings(name, Parse(parameters)) };
        new Trainer(settings, data.Value, temp.Combine("straight"), CPU).Run(SilentProgress.Instance);

        using var stop = new CancellationTokenSource();
        var epochsDone = 0;
        var progress = new RecordingProgress
        {
            OnEpochFinished = _ => { if (++epochsDone == 1 && stopAfterStepOfSecondEpoch == 0) stop.Cancel(); },
            OnStepFinished = step => { if (epochsDone == 1 && step == stopAfterStepOfSecondEpoch) stop.Cancel(); },
        };
        Assert.Equal(TrainingSummary.Interrupted, new Trainer(settings, data.Value, temp.Combine("resumed"), CPU, RecordingProgress.EveryStep).Run(progress, stop.Token).Status);
        Assert.Equal(TrainingSummary.Completed, new Trainer(settings, data.Value, temp.Combine("resumed"), CPU).Run(SilentProgress.Instance, resume: true).Status);

        var expected = MetricsLog.Read(Path.Combine(temp.Combine("straight"), MetricsLog.JsonLinesFile));
        var actual = MetricsLog.Read(Path.Combine(temp.Combine("resumed"), MetricsLog.JsonLinesFile));
        Assert.Equal(
            expected.Select(r => r with { ImagesPerSecond = 0, Seconds = 0 }),
            actual.Select(r => r with { ImagesPerSecond = 0, Seconds = 0 }));
        Assert.Equal(State(settings, temp.Combine("straight", Checkpoint.FileName)), State(settings, temp.Combine("resumed", Checkpoint.FileName)));
    }

    /// <summary>The network, optimiser and method state a checkpoint of a run on <see cref="SyntheticData"/> restores.</summary>
    private static byte[] State(TrainingSettings settings, string checkpoint) =>
        TestNetworks.CheckpointState(settings, checkpoint, new InputShape(1, 8, 8), 4, network => new MethodContext(network.NumClasses, network.FeatureDim, CPU));

    private sealed class DisposableData(TrainingData value) : IDisposable
    {
        public TrainingData Value { get; } = value;

        public void Dispose() => Value.Split.Dispose();
    }
}
