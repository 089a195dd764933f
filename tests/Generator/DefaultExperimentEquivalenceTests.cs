using System.Reflection;
using IsdaDsl.Runtime.Training;
using Microsoft.CodeAnalysis;

namespace IsdaDsl.Tests.Generator;

/// <summary>
/// experiments/fashion-mnist-resnet8-isda.yaml resolves to exactly DefaultExperiment.FashionMnistIsda("isda"):
/// both are compiled into one test assembly (DefaultExperiment is internal to the CLI) and compared field by field.
/// </summary>
public sealed class DefaultExperimentEquivalenceTests
{
    [Fact]
    public void Generated_settings_equal_the_default_experiment()
    {
        var spec = Path.Combine(RepositoryRoot.Path, "experiments", "fashion-mnist-resnet8-isda.yaml");
        var compilation = GeneratorHarness.CompileWithOutput(
            "global using System; global using System.Collections.Generic;\n" + File.ReadAllText(Path.Combine(RepositoryRoot.Path, "experiments", "DefaultExperiment.cs")),
            ("fashion-mnist-resnet8-isda.yaml", File.ReadAllText(spec)));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        var assembly = Assembly.Load(image.ToArray());

        var generated = (TrainingSettings)assembly.GetType("IsdaDsl.Experiments.Generated.FashionMnistResnet8Isda")!
            .GetMethod("ToTrainingSettings")!.Invoke(null, null)!;
        var expected = (TrainingSettings)assembly.GetType("IsdaDsl.Experiments.DefaultExperiment")!
            .GetMethod("FashionMnistIsda")!.Invoke(null, ["isda"])!;

        Assert.Equal(expected.Name, generated.Name);
        Assert.Equal(expected.Data, generated.Data);
        Assert.Equal(expected.Model.Name, generated.Model.Name);
        Assert.Equal(Sorted(expected.Model.Parameters), Sorted(generated.Model.Parameters));
        Assert.Equal(expected.Method.Name, generated.Method.Name);
        // The spec states the covariance that DefaultExperiment leaves to the runtime's default (IsdaMethod: "full").
        Assert.Equal(Sorted(new Dictionary<string, string>(expected.Method.Parameters) { ["covariance"] = "full" }), Sorted(generated.Method.Parameters));
        Assert.Equal(expected.Optimizer, generated.Optimizer);
        Assert.Equal(expected.Schedule.Kind, generated.Schedule.Kind);
        Assert.Equal(expected.Schedule.Milestones, generated.Schedule.Milestones);
        Assert.Equal(expected.Schedule.Factor, generated.Schedule.Factor);
        Assert.Equal(expected.Epochs, generated.Epochs);
        Assert.Equal(expected.BatchSize, generated.BatchSize);
        Assert.Equal(expected.Seed, generated.Seed);
    }

    private static List<KeyValuePair<string, string>> Sorted(IReadOnlyDictionary<string, string> parameters) =>
        parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
}
