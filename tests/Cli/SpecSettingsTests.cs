using IsdaDsl.Runtime.Settings;
using System.Text.Json;
using IsdaDsl.Experiments.Generated;
using IsdaDsl.Experiments.Specs;

namespace IsdaDsl.Tests.Cli;

/// <summary>The CLI's spec → settings mapping and the generated <c>ToTrainingSettings()</c> must never drift apart.</summary>
public sealed class SpecSettingsTests
{
    public static TheoryData<string> Experiments() => [.. ExperimentCatalog.All.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Experiments))]
    public void Mapping_the_resolved_spec_gives_the_generated_settings(string experiment)
    {
        var mapped = SpecSettings.ToTrainingSettings(CatalogSpecs.Read(experiment));
        var generated = ExperimentCatalog.All[experiment]();
        Assert.Equal(JsonSerializer.Serialize(generated), JsonSerializer.Serialize(mapped));
    }

    [Fact]
    public void Overrides_reach_the_settings()
    {
        var spec = ExperimentRequest.Resolve("fashion-mnist-resnet8-isda", [SpecOverride.Parse("training.epochs=2"), SpecOverride.Parse("method.lambda0=0.25")]).Spec;
        var settings = SpecSettings.ToTrainingSettings(spec);
        Assert.Equal(2, settings.Epochs);
        Assert.Equal("0.25", settings.Method.Parameters["lambda0"]);
    }
}
