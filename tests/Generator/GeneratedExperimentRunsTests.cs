using System.Reflection;
using IsdaDsl.Runtime.Methods;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Training;
using IsdaDsl.Tests.Training;
using Microsoft.CodeAnalysis;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Generator;

/// <summary>
/// The generated factories, <c>Run</c> and partial hooks work when loaded: a spec plus a user's own partial class file
/// is compiled, loaded and trained on the synthetic data set.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public sealed class GeneratedExperimentRunsTests : IDisposable
{
    private const string Spec = """
        name: tiny
        model: { architecture: resnet, depth: 8, width: 4 }
        training: { epochs: 2, batch_size: 16, seed: 3 }
        optimizer: { lr: 0.05 }
        schedule: { kind: cosine }
        method: { name: isda, lambda0: 0.5 }
        """;

    // What a researcher writes beside the YAML: the generated class is partial, its hooks are partial methods.
    private const string UserHooks = """
        namespace IsdaDsl.Experiments.Generated;

        public static partial class Tiny
        {
            public static readonly System.Collections.Generic.List<int> Epochs = new();
            public static string? FinalStatus;

            static partial void OnEpochFinished(IsdaDsl.Runtime.Training.EpochMetrics metrics) => Epochs.Add(metrics.Epoch);

            static partial void OnRunFinished(IsdaDsl.Runtime.Training.TrainingSummary summary) => FinalStatus = summary.Status;
        }
        """;

    private readonly TemporaryDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Factories_build_the_specified_components_and_Run_calls_the_users_hooks()
    {
        var experiment = Load();
        var data = SyntheticData.Create();
        using var split = data.Split;

        using (var network = (ClassifierNetwork)Invoke(experiment, "CreateModel", new InputShape(1, 8, 8), 4))
        {
            // ResNet-8 of width 4 ends in 4·4 = 16 features.
            Assert.Equal(16, network.FeatureDim);
            using var optimizer = (TorchSharp.Modules.SGD)Invoke(experiment, "CreateOptimizer", network);
            Assert.Equal(0.05, optimizer.ParamGroups.Single().LearningRate, 12);
            using var method = (ITrainingMethod)Invoke(experiment, "CreateMethod", network, CPU);
            Assert.Equal(0.25, method.Lambda(new TrainingClock(1, 2)), 12);
        }
        var schedule = (ILearningRateSchedule)Invoke(experiment, "CreateSchedule");
        Assert.Equal(0.05, schedule.At(0), 12);

        var summary = (TrainingSummary)Invoke(experiment, "Run", data, temp.Combine("run"), CPU, null, false, CancellationToken.None);

        Assert.Equal(TrainingSummary.Completed, summary.Status);
        Assert.Equal([1, 2], (List<int>)experiment.GetField("Epochs")!.GetValue(null)!);
        Assert.Equal(TrainingSummary.Completed, experiment.GetField("FinalStatus")!.GetValue(null));
    }

    private static Type Load()
    {
        var compilation = GeneratorHarness.CompileWithOutput(UserHooks, ("tiny.yaml", Spec));
        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return Assembly.Load(image.ToArray()).GetType("IsdaDsl.Experiments.Generated.Tiny", throwOnError: true)!;
    }

    private static object Invoke(Type experiment, string method, params object?[] arguments) =>
        experiment.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, arguments)!;
}
