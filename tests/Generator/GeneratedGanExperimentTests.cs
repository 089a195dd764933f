using IsdaDsl.Experiments.Generated;
using IsdaDsl.Runtime.Settings;
using IsdaDsl.Runtime.Training;
using IsdaDsl.Tests.Cli;
using Cgan = IsdaDsl.Experiments.Generated.FashionMnist.Gan.Cgan;
using WganGp = IsdaDsl.Experiments.Generated.FashionMnist.Gan.WganGp;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Generator;

/// <summary>A generated gan experiment's class, as the repository's fashion-mnist/gan specs build it: typed settings, ToGanSettings, LoadData and Run.</summary>
[Collection(nameof(ProcessWideStateCollection))]
public sealed class GeneratedGanExperimentTests : IDisposable
{
    private readonly TemporaryDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Settings_are_typed_and_map_through_SpecSettings()
    {
        Assert.Equal(Kind.Gan, WganGp.Settings.Kind);
        Assert.Equal(Dataset.FashionMnist, WganGp.Settings.Data.Name);
        Assert.Equal("wgan-gp", WganGp.Settings.Gan.Objective);
        Assert.Equal((32, 32, 10.0, 2e-4, 0.9), (WganGp.Settings.Gan.GeneratorWidth, WganGp.Settings.Gan.CriticWidth, WganGp.Settings.Gan.GpWeight, WganGp.Settings.Gan.Lr, WganGp.Settings.Gan.Beta2));
        Assert.Equal(SpecSettings.ToGanSettings(WganGp.Spec), WganGp.ToGanSettings());
        var settings = WganGp.ToGanSettings();
        settings.Validate();
        Assert.Equal((true, 5, 5, 24, 32), (settings.PerClass, settings.CriticSteps, settings.WarmupCriticSteps, settings.Epochs, settings.BatchSize));
        Assert.Equal(GanOptimizerSettings.Adam(2e-4, 0.5, 0.9), settings.Optimizer);
        Assert.Equal(Kind.Gan, ExperimentCatalog.Kinds[WganGp.Name]);
        Assert.Equal(Kind.Classification, ExperimentCatalog.Kinds["fashion-mnist-resnet8-isda"]);
        Assert.DoesNotContain(WganGp.Name, ExperimentCatalog.All.Keys);
        Assert.Equal(settings, ExperimentCatalog.Gans[WganGp.Name]());
    }

    [Fact]
    public void Wgan_takes_its_warm_up_and_learning_rate_from_the_spec_and_the_rest_from_GanSettings_For()
    {
        // The repository's Fashion-MNIST WGAN turns the warm-up's first generator steps off and trains at a higher
        // learning rate than the usual one (its YAML says why).
        var settings = IsdaDsl.Experiments.Generated.FashionMnist.Gan.Wgan.ToGanSettings();
        var usual = GanSettings.For("wgan", settings.Name, settings.Data);
        Assert.Equal((100, 25, 500), (usual.WarmupCriticSteps, usual.WarmupGeneratorSteps, usual.WarmupEvery));
        Assert.Equal((100, 0, 500), (settings.WarmupCriticSteps, settings.WarmupGeneratorSteps, settings.WarmupEvery));
        Assert.Equal(0, IsdaDsl.Experiments.Generated.FashionMnist.Gan.Wgan.Settings.Gan.WarmupGeneratorSteps);
        Assert.Equal(GanOptimizerSettings.RmsProp(5e-5), usual.Optimizer);
        Assert.Equal(GanOptimizerSettings.RmsProp(2e-4), settings.Optimizer);
        Assert.Equal((usual.CriticSteps, usual.ClipValue), (settings.CriticSteps, settings.ClipValue));
    }

    [Fact]
    public void LoadData_and_Run_train_the_gan_into_the_run_directory()
    {
        var dataFolder = temp.Combine("data");
        TinyFashionMnist.Write(dataFolder);
        var data = Cgan.LoadData(dataFolder);
        using var split = data.Split;
        var runDirectory = temp.Combine("run");

        var summary = Cgan.Run(data, runDirectory, CPU);

        Assert.Equal((TrainingSummary.Completed, Cgan.Settings.Training.Epochs), (summary.Status, summary.EpochsCompleted));
        Assert.True(File.Exists(Path.Combine(runDirectory, GanTrainer.SamplesFileName(Cgan.Settings.Training.Epochs))));
        Assert.True(File.Exists(Path.Combine(runDirectory, "generator.bin")));
    }
}
