using IsdaDsl.Runtime.Configuration;

namespace IsdaDsl.Runtime.Settings;

/// <summary>
/// One reconstruction run (docs/method.md §10, the paper's Appendix C), fully resolved: the experiments whose newest
/// completed runs give the classifier f (with its class covariances Σ) and the generator G, which real images, and the
/// two gradient descents on the generator's input.
/// </summary>
public sealed record ReconstructionSettings
{
    /// <summary>The run's name.</summary>
    public required string Name { get; init; }

    /// <summary>The data set the images come from (unaugmented, as the generator makes them).</summary>
    public required DataSettings Data { get; init; }

    /// <summary>The ISDA classification experiment that gives f and Σ.</summary>
    public required string Classifier { get; init; }

    /// <summary>The WGAN experiment that gives G.</summary>
    public required string Generator { get; init; }

    /// <summary>test or train: the split the images are taken from.</summary>
    public required string Split { get; init; }

    /// <summary>How many real images; image i is of class i mod C.</summary>
    public required int Images { get; init; }

    /// <summary>Augmented samples per image.</summary>
    public required int Samples { get; init; }

    /// <summary>η: weight of Step I's pixel term.</summary>
    public required double Eta { get; init; }

    /// <summary>λ: the shifts are drawn from N(0, λΣ_y).</summary>
    public required double Lambda { get; init; }

    /// <summary>Step I's iterations (restoring each image's latent).</summary>
    public required int Step1Iterations { get; init; }

    /// <summary>Step I's initial learning rate.</summary>
    public required double Step1LearningRate { get; init; }

    /// <summary>Step II's iterations (the latents of the augmented features).</summary>
    public required int Step2Iterations { get; init; }

    /// <summary>Step II's initial learning rate.</summary>
    public required double Step2LearningRate { get; init; }

    /// <summary>The learning rate is multiplied by <see cref="LearningRateDropFactor"/> every this many iterations.</summary>
    public required int LearningRateDropEvery { get; init; }

    /// <summary>Factor of each learning-rate drop.</summary>
    public required double LearningRateDropFactor { get; init; }

    /// <summary>Momentum of the gradient descent on the latents.</summary>
    public required double Momentum { get; init; }

    /// <summary>L2 weight decay on the latents.</summary>
    public required double WeightDecay { get; init; }

    /// <summary>Seed of the image choice and of the shifts.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// The settings of a reconstruction with <paramref name="parameters"/> (a spec's, by key as invariant text) and, for
    /// every parameter not given, its default as SpecSchema.Reconstruction declares it; each value is checked against
    /// its declaration there, so nothing the build would reject reaches a run.
    /// </summary>
    public static ReconstructionSettings For(string name, DataSettings data, IReadOnlyDictionary<string, string> parameters, int seed)
    {
        var p = Parameters.ForReconstruction(parameters);
        var settings = new ReconstructionSettings
        {
            Name = name,
            Data = data,
            Classifier = p.GetText("classifier"),
            Generator = p.GetText("generator"),
            Split = p.GetText("split"),
            Images = p.GetInt("images"),
            Samples = p.GetInt("samples"),
            Eta = p.GetDouble("eta"),
            Lambda = p.GetDouble("lambda"),
            Step1Iterations = p.GetInt("step1_iterations"),
            Step1LearningRate = p.GetDouble("step1_lr"),
            Step2Iterations = p.GetInt("step2_iterations"),
            Step2LearningRate = p.GetDouble("step2_lr"),
            LearningRateDropEvery = p.GetInt("lr_drop_every"),
            LearningRateDropFactor = p.GetDouble("lr_drop_factor"),
            Momentum = p.GetDouble("momentum"),
            WeightDecay = p.GetDouble("weight_decay"),
            Seed = seed,
        };
        p.EnsureAllUsed();
        return settings;
    }
}
