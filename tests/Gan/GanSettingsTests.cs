using IsdaDsl.Runtime.Settings;

namespace IsdaDsl.Tests.Gan;

public class GanSettingsTests
{
    private static GanSettings Valid(string objective = "wgan-gp") => GanSettings.For(objective, "gan", new DataSettings("fashion-mnist"));

    [Fact]
    public void The_usual_settings_of_each_objective_are_valid_and_follow_method_section_9_1()
    {
        foreach (var objective in GanSettings.Objectives)
            Valid(objective).Validate();

        var wgan = Valid("wgan");
        Assert.Equal(GanOptimizerSettings.RmsProp(5e-5), wgan.Optimizer);
        Assert.True(wgan.PerClass);
        // 100 critic steps before each of the first 25 generator steps and before every 500th, 5 otherwise.
        Assert.Equal([100, 100, 100, 5, 5, 100, 5], new long[] { 0, 1, 24, 25, 499, 500, 501 }.Select(wgan.CriticStepsBefore));
        var gp = Valid("wgan-gp");
        Assert.Equal(GanOptimizerSettings.Adam(1e-4, 0.5, 0.9), gp.Optimizer);
        Assert.Equal([5, 5], new long[] { 0, 500 }.Select(gp.CriticStepsBefore));
        Assert.False(gp.CriticBatchNorm);
        Assert.Equal(GanOptimizerSettings.Adam(2e-4, 0.5, 0.999), Valid("cgan").Optimizer);
        Assert.Equal(1, Valid("acgan").CriticStepsBefore(0));
        // InfoGAN's categories are latent unless the spec says labels; only then does its discriminator see the real labels.
        Assert.Equal((false, false), (Valid("infogan").LabelledCategories, Valid("infogan").ShowsRealLabels));
        var labelled = GanSettings.For("infogan", "gan", new DataSettings("fashion-mnist"), new Dictionary<string, string> { ["categories"] = "labels" });
        Assert.Equal((true, true), (labelled.LabelledCategories, labelled.ShowsRealLabels));
        Assert.Equal((true, true, false), (Valid("cgan").ShowsRealLabels, Valid("acgan").ShowsRealLabels, Valid("wgan").ShowsRealLabels));
        Assert.Equal(2, Valid("infogan").NumCodes);
        Assert.Equal(100, Valid("cgan").NoiseDim);
        Assert.Equal(64, Valid("cgan").GeneratorWidth);
    }

    public static TheoryData<string, Func<GanSettings, GanSettings>, string> Invalid => new()
    {
        { "objective", s => s with { Objective = "dcgan" }, "gan.objective must be one of wgan, wgan-gp, cgan, acgan, infogan, got 'dcgan'" },
        { "per class", s => Valid("cgan") with { PerClass = true }, "gan.per_class applies to wgan and wgan-gp" },
        { "noise", s => s with { NoiseDim = 0 }, "gan.noise_dim must be ≥ 1, got 0" },
        { "codes", s => s with { NumCodes = 2 }, "gan.codes applies to infogan only" },
        { "codes < 0", s => Valid("infogan") with { NumCodes = -1 }, "gan.codes must be ≥ 0, got -1" },
        { "width", s => s with { GeneratorWidth = 0 }, "gan.generator_width must be ≥ 1" },
        { "critic width", s => s with { CriticWidth = -3 }, "gan.critic_width must be ≥ 1" },
        { "optimizer", s => s with { Optimizer = new GanOptimizerSettings("sgd", 0.1) }, "gan.optimizer must be rmsprop or adam, got 'sgd'" },
        { "lr", s => s with { Optimizer = GanOptimizerSettings.Adam(0, 0.5, 0.9) }, "gan.optimizer.lr must be > 0, got 0" },
        { "lr nan", s => s with { Optimizer = GanOptimizerSettings.RmsProp(double.NaN) }, "gan.optimizer.lr must be a finite number, got NaN" },
        { "beta1", s => s with { Optimizer = GanOptimizerSettings.Adam(1e-4, 1, 0.9) }, "gan.optimizer.beta1 must lie in [0, 1), got 1" },
        { "beta2", s => s with { Optimizer = GanOptimizerSettings.Adam(1e-4, 0.5, -0.1) }, "gan.optimizer.beta2 must lie in [0, 1), got -0.1" },
        { "critic steps", s => s with { CriticSteps = 0 }, "gan.critic_steps must be ≥ 1, got 0" },
        { "warmup critic steps", s => s with { WarmupCriticSteps = 0 }, "gan.warmup_critic_steps must be ≥ 1, got 0" },
        { "warmup generator steps", s => s with { WarmupGeneratorSteps = -1 }, "gan.warmup_generator_steps must be ≥ 0, got -1" },
        { "warmup every", s => s with { WarmupEvery = -5 }, "gan.warmup_every must be ≥ 0, got -5" },
        { "clip", s => Valid("wgan") with { ClipValue = 0 }, "gan.clip must be > 0, got 0" },
        { "penalty", s => s with { GradientPenaltyWeight = double.PositiveInfinity }, "gan.gp_weight must be a finite number, got Infinity" },
        { "information", s => Valid("infogan") with { InformationWeight = -1 }, "gan.info_weight must be ≥ 0, got -1" },
        { "categories", s => Valid("cgan") with { LabelledCategories = true }, "gan.categories applies to infogan only; cgan has no categorical code" },
        { "epochs", s => s with { Epochs = 0 }, "gan.epochs must be ≥ 1, got 0" },
        { "batch", s => s with { BatchSize = 1 }, "gan.batch_size must be ≥ 2, got 1" },
        { "name", s => s with { Name = " " }, "gan.name must not be empty" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_names_the_setting_and_what_is_allowed(string what, Func<GanSettings, GanSettings> change, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => change(Valid()).Validate());
        Assert.True(error.Message.Contains(message, StringComparison.Ordinal), $"{what}: {error.Message}");
    }
}
