using IsdaDsl.Runtime.Configuration;
using System.Globalization;
using IsdaDsl.Spec;

namespace IsdaDsl.Runtime.Settings;

/// <summary>
/// One GAN training run (docs/method.md §9), fully resolved. <see cref="For"/> fills the usual per-objective values of
/// §9.1 (optimiser, discriminator steps per generator step, per-class models for the WGANs); the other values are the
/// DCGAN defaults of §9.2.
/// </summary>
public sealed record GanSettings
{
    /// <summary>The objectives a run can name.</summary>
    public static IReadOnlyList<string> Objectives { get; } = [.. SpecSchema.Gans.Keys];

    /// <summary>The run's name.</summary>
    public required string Name { get; init; }

    /// <summary>The data set (its augmentation is not used: a GAN sees the real images scaled to [−1, 1]).</summary>
    public required DataSettings Data { get; init; }

    /// <summary>wgan, wgan-gp, cgan, acgan or infogan.</summary>
    public required string Objective { get; init; }

    /// <summary>
    /// One unconditional generator and critic per class, each trained on its class's images (WGAN, WGAN-GP only);
    /// otherwise one model for all classes (conditional for CGAN, ACGAN and InfoGAN, unconditional for the WGANs).
    /// </summary>
    public bool PerClass { get; init; }

    /// <summary>Dimension of the noise z (§9.1: 100).</summary>
    public int NoiseDim { get; init; }

    /// <summary>InfoGAN's number of continuous codes K (2); must be 0 for the other objectives.</summary>
    public int NumCodes { get; init; }

    /// <summary>The generator's base width w (64).</summary>
    public int GeneratorWidth { get; init; }

    /// <summary>The discriminator's or critic's base width w (64).</summary>
    public int CriticWidth { get; init; }

    /// <summary>The optimiser of both networks (each has its own instance).</summary>
    public required GanOptimizerSettings Optimizer { get; init; }

    /// <summary>Discriminator (critic) steps per generator step: 5 for the WGANs, 1 otherwise.</summary>
    public int CriticSteps { get; init; } = 1;

    /// <summary>
    /// Critic steps per generator step during the first <see cref="WarmupGeneratorSteps"/> generator steps and before
    /// every <see cref="WarmupEvery"/>-th one (WGAN: 100; otherwise equal to <see cref="CriticSteps"/>).
    /// </summary>
    public int WarmupCriticSteps { get; init; } = 1;

    /// <summary>How many of the first generator steps take <see cref="WarmupCriticSteps"/> critic steps (WGAN: 25; otherwise 0).</summary>
    public int WarmupGeneratorSteps { get; init; }

    /// <summary>Every this many generator steps, one takes <see cref="WarmupCriticSteps"/> critic steps again (WGAN: 500; 0: never).</summary>
    public int WarmupEvery { get; init; }

    /// <summary>WGAN's clipping bound c (0.01).</summary>
    public double ClipValue { get; init; }

    /// <summary>WGAN-GP's penalty weight λ (10).</summary>
    public double GradientPenaltyWeight { get; init; }

    /// <summary>InfoGAN's weight β of the continuous codes' term (0.1).</summary>
    public double InformationWeight { get; init; }

    /// <summary>
    /// InfoGAN's categorical code is trained on the real images' labels too (DSL <c>categories: labels</c>): the
    /// discriminator's class head learns them, so the category a generator is given is the class it makes.
    /// </summary>
    public bool LabelledCategories { get; init; }

    /// <summary>Whether the discriminator sees the real images' labels: CGAN, ACGAN, and InfoGAN with labelled categories.</summary>
    public bool ShowsRealLabels => Objective is "cgan" or "acgan" || (Objective == "infogan" && LabelledCategories);

    /// <summary>Number of epochs (passes over the training images; per class for per-class models).</summary>
    public int Epochs { get; init; } = SpecSchema.DefaultGanEpochs;

    /// <summary>Mini-batch size of real (and of fake) images.</summary>
    public int BatchSize { get; init; } = SpecSchema.DefaultGanBatchSize;

    /// <summary>Seed of every random choice (initialisation, shuffling, noise, the fixed sample noise).</summary>
    public int Seed { get; init; }

    /// <summary>Whether the discriminator uses batch norm: all but the WGAN-GP critic (§9.2).</summary>
    public bool CriticBatchNorm => Objective != "wgan-gp";

    /// <summary>Whether one model is conditioned on (or, for InfoGAN, generates) a class.</summary>
    public bool Conditional => Objective is "cgan" or "acgan" or "infogan";

    /// <summary>
    /// The settings of <paramref name="objective"/> with <paramref name="parameters"/> (a gan spec's, by key as invariant
    /// text) and, for every parameter not given, its default as SpecSchema.Gans declares it (docs/method.md §9.1): the one
    /// place the DSL and direct C# users get their values from. What the DSL does not expose is fixed here: the
    /// optimiser each objective uses (RMSprop for WGAN, Adam otherwise) and WGAN-GP's lack of a warm-up. An unknown objective is kept for
    /// <see cref="Validate"/> to report.
    /// </summary>
    public static GanSettings For(string objective, string name, DataSettings data, IReadOnlyDictionary<string, string>? parameters = null)
    {
        var declared = SpecSchema.Gans.TryGetValue(objective, out var rules) ? rules : [];
        string? Text(string key) =>
            parameters is not null && parameters.TryGetValue(key, out var given) ? given : declared.FirstOrDefault(rule => rule.Key == key)?.Default;
        int Int(string key) => Text(key) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : 0;
        double Number(string key) => Text(key) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : 0;
        var criticSteps = Text("critic_steps") is null ? 1 : Int("critic_steps");
        var wgan = objective == "wgan";
        return new GanSettings
        {
            Name = name,
            Data = data,
            Objective = objective,
            PerClass = Text("conditioning") switch
            {
                null or "none" => false,
                "per-class" => true,
                var other => throw new ArgumentException($"gan.conditioning must be per-class or none, got '{other}'"),
            },
            NoiseDim = Int("noise_dim"),
            NumCodes = Int("codes"),
            GeneratorWidth = Int("generator_width"),
            CriticWidth = Int("critic_width"),
            Optimizer = wgan ? GanOptimizerSettings.RmsProp(Number("lr")) : GanOptimizerSettings.Adam(Number("lr"), Number("beta1"), Number("beta2")),
            CriticSteps = criticSteps,
            WarmupCriticSteps = wgan ? Int("warmup_critic_steps") : criticSteps,
            WarmupGeneratorSteps = wgan ? Int("warmup_generator_steps") : 0,
            WarmupEvery = wgan ? Int("warmup_every") : 0,
            ClipValue = Number("clip"),
            GradientPenaltyWeight = Number("gp_weight"),
            InformationWeight = Number("info_weight"),
            LabelledCategories = Text("categories") switch
            {
                null or "latent" => false,
                "labels" => true,
                var other => throw new ArgumentException($"gan.categories must be latent or labels, got '{other}'"),
            },
        };
    }

    /// <summary>The critic steps that precede generator step <paramref name="generatorSteps"/> (0-based count of those done).</summary>
    public int CriticStepsBefore(long generatorSteps) =>
        generatorSteps < WarmupGeneratorSteps || (WarmupEvery > 0 && generatorSteps % WarmupEvery == 0) ? WarmupCriticSteps : CriticSteps;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting outside what is allowed.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
            throw new ArgumentException("gan.name must not be empty");
        if (Data is null)
            throw new ArgumentException("gan.data must be set");
        if (!Objectives.Contains(Objective))
            throw new ArgumentException($"gan.objective must be one of {string.Join(", ", Objectives)}, got '{Objective}'");
        if (PerClass && Conditional)
            throw new ArgumentException($"gan.per_class applies to wgan and wgan-gp (one unconditional model per class); {Objective} is one conditional model for all classes");
        Ranged.Check("gan.noise_dim", NoiseDim, Declared("noise_dim"));
        if (Objective == "infogan")
            Ranged.Check("gan.codes", NumCodes, Declared("codes"));
        else if (NumCodes != 0)
            throw new ArgumentException($"gan.codes applies to infogan only and must be 0 for {Objective}, got {NumCodes}");
        Ranged.Check("gan.generator_width", GeneratorWidth, Declared("generator_width"));
        Ranged.Check("gan.critic_width", CriticWidth, Declared("critic_width"));
        if (Optimizer is null)
            throw new ArgumentException("gan.optimizer must be set");
        Optimizer.Validate();
        Ranged.Check("gan.critic_steps", CriticSteps, Declared("critic_steps"));
        Ranged.Check("gan.warmup_critic_steps", WarmupCriticSteps, Declared("warmup_critic_steps"));
        Ranged.Check("gan.warmup_generator_steps", WarmupGeneratorSteps, Declared("warmup_generator_steps"));
        Ranged.Check("gan.warmup_every", WarmupEvery, Declared("warmup_every"));
        if (Objective == "wgan")
            Ranged.Check("gan.clip", ClipValue, Declared("clip"));
        if (Objective == "wgan-gp")
            Ranged.Check("gan.gp_weight", GradientPenaltyWeight, Declared("gp_weight"));
        if (Objective == "infogan")
            Ranged.Check("gan.info_weight", InformationWeight, Declared("info_weight"));
        else if (LabelledCategories)
            throw new ArgumentException($"gan.categories applies to infogan only; {Objective} has no categorical code");
        Ranged.Check("gan.epochs", Epochs, SpecSchema.EpochsRange);
        Ranged.Check("gan.batch_size", BatchSize, SpecSchema.GanBatchSizeRange);
    }

    /// <summary>The range SpecSchema.Gans declares for <paramref name="key"/>: the build checks a spec with the same one.</summary>
    internal static ValueRange Declared(string key) => SpecSchema.Parameters(SpecSchema.Gans).First(rule => rule.Key == key).Range!;
}

/// <summary>The optimiser of a GAN's networks: RMSprop (WGAN) or Adam (the others), docs/method.md §9.1.</summary>
/// <param name="Kind">rmsprop or adam.</param>
/// <param name="LearningRate">The learning rate, a finite number &gt; 0.</param>
/// <param name="Beta1">Adam's β1 in [0, 1) (unused by RMSprop).</param>
/// <param name="Beta2">Adam's β2 in [0, 1) (unused by RMSprop).</param>
public sealed record GanOptimizerSettings(string Kind, double LearningRate, double Beta1 = 0.5, double Beta2 = 0.999)
{
    /// <summary>RMSprop with learning rate <paramref name="learningRate"/> (TorchSharp's defaults otherwise: α 0.99, ε 10⁻⁸).</summary>
    public static GanOptimizerSettings RmsProp(double learningRate) => new("rmsprop", learningRate);

    /// <summary>Adam with learning rate <paramref name="learningRate"/> and β = (<paramref name="beta1"/>, <paramref name="beta2"/>).</summary>
    public static GanOptimizerSettings Adam(double learningRate, double beta1, double beta2) => new("adam", learningRate, beta1, beta2);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value outside what is allowed.</summary>
    public void Validate()
    {
        if (Kind is not ("rmsprop" or "adam"))
            throw new ArgumentException($"gan.optimizer must be rmsprop or adam, got '{Kind}'");
        Ranged.Check("gan.optimizer.lr", LearningRate, GanSettings.Declared("lr"));
        Ranged.Check("gan.optimizer.beta1", Beta1, GanSettings.Declared("beta1"));
        Ranged.Check("gan.optimizer.beta2", Beta2, GanSettings.Declared("beta2"));
    }
}
