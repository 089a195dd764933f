using System.Collections.Generic;
using System.Linq;

namespace IsdaDsl.Spec;

/// <summary>
/// The spec language: sections, keys, the names of architectures, methods and data sets with their parameters, and
/// defaults (docs/method.md §4.1, the ResNet row of Table 1). The language names every network and baseline of the paper; the
/// runtime may implement fewer, which the generator reports at build time (ISDA011) rather than forbids.
/// </summary>
public static class SpecSchema
{
    public static readonly IReadOnlyList<string> Sections =
        ["name", "kind", "extends", "matrix", "data", "model", "training", "optimizer", "schedule", "method", "evaluation", "gan", "reconstruction"];

    /// <summary>The sections that hold settings: what a base passes on and a matrix axis may set.</summary>
    public static readonly IReadOnlyList<string> SettingSections =
        ["data", "model", "training", "optimizer", "schedule", "method", "evaluation", "gan", "reconstruction"];

    /// <summary>
    /// What an experiment is (top-level key <c>kind</c>): classification (the default; a classifier trained with a
    /// method, docs/method.md §4–§5), gan (a generative adversarial network trained with an objective, §9) or
    /// reconstruction (deep features mapped back to pixels through a trained generator, §10).
    /// </summary>
    public static readonly IReadOnlyList<string> Kinds = ["classification", "gan", "reconstruction"];

    public const string DefaultKind = "classification";

    /// <summary>The setting sections an experiment of <paramref name="kind"/> takes.</summary>
    public static IReadOnlyList<string> SectionsOf(string kind) => kind switch
    {
        "gan" => ["data", "gan", "training"],
        "reconstruction" => ["data", "reconstruction", "training"],
        _ => ["data", "model", "training", "optimizer", "schedule", "method", "evaluation"],
    };

    /// <summary>The first kind whose experiments take setting section <paramref name="section"/>.</summary>
    public static string KindOf(string section) => Kinds.First(kind => SectionsOf(kind).Contains(section));

    /// <summary>
    /// The data keys of a gan or reconstruction experiment: a GAN sees all the real images, unaugmented (docs/method.md §9),
    /// and a reconstruction compares the generator's images with unaugmented ones (§10).
    /// </summary>
    public static readonly IReadOnlyList<string> GanDataKeys = ["name", "root"];

    public static readonly IReadOnlyList<string> DataKeys = ["name", "root", "augmentation", "cutout", "train_fraction"];
    public static readonly IReadOnlyList<string> TrainingKeys = ["epochs", "batch_size", "seed", "runs"];

    /// <summary>The training keys of a reconstruction experiment: it trains nothing, its seed draws the images and the shifts.</summary>
    public static readonly IReadOnlyList<string> ReconstructionTrainingKeys = ["seed", "runs"];
    public static readonly IReadOnlyList<string> OptimizerKeys = ["lr", "momentum", "nesterov", "weight_decay"];
    public static readonly IReadOnlyList<string> ScheduleKeys = ["kind", "milestones", "factor"];
    public static readonly IReadOnlyList<string> EvaluationKeys = ["report", "paper_error"];

    /// <summary>Data sets; ImageNet's size is the 224-pixel training crop (docs/method.md §4.4).</summary>
    public static readonly IReadOnlyList<DatasetRule> Datasets =
    [
        new("fashion-mnist", 28, TakesAutoAugment: false),
        new("cifar10", 32, TakesAutoAugment: true),
        new("cifar100", 32, TakesAutoAugment: true),
        new("imagenet", 224, TakesAutoAugment: false),
    ];

    public static readonly IReadOnlyList<string> DatasetNames = Datasets.Select(d => d.Name).ToList();

    /// <summary>standard (docs/method.md §4.4), none, or autoaugment: the CIFAR AutoAugment policy on top of standard.</summary>
    public static readonly IReadOnlyList<string> Augmentations = ["standard", "none", "autoaugment"];
    public static readonly IReadOnlyList<string> ScheduleKinds = ["multistep", "cosine"];
    public static readonly IReadOnlyList<string> Reports = ["last10", "best", "final"];

    public const string DefaultDataset = "cifar10";
    public const string DefaultArchitecture = "resnet";
    public const string DefaultMethod = "basic";
    public const string DefaultGan = "wgan-gp";
    // A gan experiment's training defaults, those of the runtime's GanSettings (docs/method.md §9.2).
    public const int DefaultGanEpochs = 25;
    public const int DefaultGanBatchSize = 64;
    public const int DefaultEpochs = 160;
    public const int DefaultBatchSize = 128;
    public const int DefaultRuns = 1;
    public const double DefaultLearningRate = 0.1;
    public const double DefaultMomentum = 0.9;
    public const bool DefaultNesterov = true;
    public const double DefaultWeightDecay = 1e-4;
    public static readonly IReadOnlyList<int> DefaultMilestones = [80, 120];
    public const double DefaultFactor = 0.1;
    // The whole training set; below 1 a class-stratified subset of it (docs/method.md §6.4).
    public const double DefaultTrainFraction = 1;

    // The ranges of the sections' own keys; the runtime checks its settings with the same ones.
    public static readonly ValueRange EpochsRange = Ranges.AtLeast(1);
    public static readonly ValueRange BatchSizeRange = Ranges.AtLeast(1);
    // A GAN's batch norm needs two images of a batch.
    public static readonly ValueRange GanBatchSizeRange = Ranges.AtLeast(2);
    public static readonly ValueRange RunsRange = Ranges.AtLeast(1);
    public static readonly ValueRange LearningRateRange = Ranges.Positive;
    public static readonly ValueRange MomentumRange = Ranges.ClosedOpen(0, 1);
    public static readonly ValueRange WeightDecayRange = Ranges.AtLeast(0);
    // Above 1 a milestone raises the rate: the end of a warm-up.
    public static readonly ValueRange FactorRange = Ranges.Positive;
    public static readonly ValueRange CutoutRange = Ranges.AtLeast(0, " pixels");
    // A share of the training set: some images must remain, at most all of them.
    public static readonly ValueRange TrainFractionRange = Ranges.OpenClosed(0, 1);
    public static readonly ValueRange PaperErrorRange = Ranges.Closed(0, 100);

    /// <summary>
    /// Architectures and their parameters; the defaults are the paper's configurations (docs/method.md §4 and §7). The CIFAR
    /// networks have three stages of equal depth, which fixes the form of their depth.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<ParameterRule>> Architectures =
        new Dictionary<string, IReadOnlyList<ParameterRule>>
        {
            // ResNet-32 / -110: basic blocks, 2 layers each.
            ["resnet"] =
            [
                ParameterRule.Integer("depth", 32, Ranges.Depth(6, 2, 8, 14, 20, 32, 44, 56, 110), "total depth: three stages of (depth − 2) / 6 basic blocks; ResNet-32 and ResNet-110 in the paper"),
                ParameterRule.Integer("width", 16, Ranges.AtLeast(1), "channels of the first stage; the next two have 2× and 4×"),
            ],
            // SE-ResNet-110; 16 is the squeeze-and-excitation reduction ratio of Hu et al. (CVPR 2018). A ratio above the
            // first stage's 16 channels would leave its bottleneck without a unit.
            ["se-resnet"] =
            [
                ParameterRule.Integer("depth", 110, Ranges.Depth(6, 2, 20, 32, 56, 110), "total depth: three stages of (depth − 2) / 6 basic blocks; SE-ResNet-110 in the paper"),
                ParameterRule.Integer("reduction", 16, Ranges.Closed(1, 16, "at most the first stage's 16 channels"), "squeeze-and-excitation reduction ratio r (C / r bottleneck units); 16 as in Hu et al. (CVPR 2018)"),
            ],
            // WRN-28-10 (and WRN-16-8); the published runs use dropout 0.3 inside the blocks.
            ["wide-resnet"] =
            [
                ParameterRule.Integer("depth", 28, Ranges.Depth(6, 4, 10, 16, 22, 28, 40), "total depth: three stages of (depth − 4) / 6 wide blocks; 28 for WRN-28-10, 16 for WRN-16-8"),
                ParameterRule.Integer("widen_factor", 10, Ranges.AtLeast(1), "k: stage widths 16k, 32k, 64k; 10 for WRN-28-10, 8 for WRN-16-8"),
                ParameterRule.Number("dropout", 0.3, Ranges.ClosedOpen(0, 1), "dropout between the two convolutions of each block; the published runs use 0.3"),
            ],
            // ResNeXt-29 8×64d: bottleneck blocks, 3 layers each.
            ["resnext"] =
            [
                ParameterRule.Integer("depth", 29, Ranges.Depth(9, 2, 11, 20, 29, 38), "total depth: three stages of (depth − 2) / 9 bottleneck blocks; ResNeXt-29 8×64d in the paper"),
                ParameterRule.Integer("cardinality", 8, Ranges.AtLeast(1), "number of groups of each grouped convolution (the 8 of 8×64d)"),
                ParameterRule.Integer("base_width", 64, Ranges.AtLeast(1), "channels per group in the first stage (the 64 of 8×64d)"),
            ],
            // DenseNet-BC-100 with k = 12: bottleneck + 3×3 per dense layer, three dense blocks.
            ["densenet-bc"] =
            [
                ParameterRule.Integer("depth", 100, Ranges.Depth(6, 4, 40, 100, 190, 250), "total depth: three dense blocks of (depth − 4) / 6 layers; DenseNet-BC-100 in the paper"),
                ParameterRule.Integer("growth_rate", 12, Ranges.AtLeast(1), "k: channels each dense layer adds (k = 12 in the paper)"),
                ParameterRule.Number("compression", 0.5, Ranges.OpenClosed(0, 1), "θ: share of channels a transition keeps"),
            ],
            // Shake-Shake-26 2×32d; base_width 112 gives 2×112d. The shortcut that changes shape splits the width into
            // two halves, so it is even.
            ["shake-shake"] =
            [
                ParameterRule.Integer("depth", 26, Ranges.Depth(6, 2, 14, 20, 26, 32), "total depth: three stages of (depth − 2) / 6 two-branch blocks; Shake-Shake-26 in the paper"),
                ParameterRule.Integer("base_width", 32, Ranges.EvenAtLeast(2), "channels of each branch in the first stage, the d of 2×d: 32 for 2×32d, 112 for 2×112d"),
            ],
            // PyramidNet-272 with α = 200: bottleneck blocks, 3 layers each.
            ["pyramidnet"] =
            [
                ParameterRule.Integer("depth", 272, Ranges.Depth(9, 2, 110, 164, 200, 236, 272), "total depth: three stages of (depth − 2) / 9 bottleneck blocks; PyramidNet-272 in the paper"),
                ParameterRule.Integer("alpha", 200, Ranges.AtLeast(1), "α: channels added over the whole network, one step per block (α = 200 in the paper)"),
            ],
            // TorchVision's ImageNet networks, which exist in these depths and variants only.
            ["imagenet-resnet"] =
            [
                ParameterRule.Integer("depth", 50, Ranges.OneOf(18, 34, 50, 101, 152), "TorchVision ResNet depth"),
            ],
            ["imagenet-resnext"] =
            [
                ParameterRule.Choice("variant", "TorchVision ResNeXt: depth-cardinality×width", "50-32x4d", "101-32x8d"),
            ],
        };

    /// <summary>
    /// Rules that tie parameters of one architecture or method together, each checked once its parameters are valid
    /// one by one; a broken rule is reported at <see cref="ComponentConstraint.Key"/>.
    /// </summary>
    public static readonly IReadOnlyList<ComponentConstraint> Constraints =
    [
        // Each transition keeps ⌊θ·c⌋ of its c channels; none may be left with zero.
        new("densenet-bc", "compression", "must leave at least one channel at each transition", values =>
        {
            var layers = (int)(values["depth"] - 4) / 6;
            var growth = values["growth_rate"];
            var channels = 2 * growth;
            for (var transition = 0; transition < 2; transition++)
            {
                channels = System.Math.Floor((channels + layers * growth) * values["compression"]);
                if (channels < 1)
                    return false;
            }
            return true;
        }),
    ];

    /// <summary>Training methods (docs/method.md §5 baselines) and their parameters, defaulting to the paper's settings.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<ParameterRule>> Methods =
        new Dictionary<string, IReadOnlyList<ParameterRule>>
        {
            ["basic"] = [],
            // dropout > 0 is the paper's "ISDA + Dropout": dropout on the features before the classifier.
            ["isda"] =
            [
                ParameterRule.Number("lambda0", 0.5, Ranges.AtLeast(0), "λ0: final strength of the augmentation; λ = λ0·t/T"),
                ParameterRule.Choice("covariance", "class covariance estimate: full matrices, or their diagonals (per-feature variances, as the published ImageNet code)", "full", "diagonal"),
                ParameterRule.Number("dropout", 0, Ranges.ClosedOpen(0, 1), "dropout on the deep features (ISDA + Dropout when > 0)"),
            ],
            ["dropout"] =
            [
                ParameterRule.Number("rate", 0.3, Ranges.ClosedOpen(0, 1), "dropout rate on the deep features before the classifier"),
            ],
            // 0.05 for WRN-28-10 and for ResNet-110 on CIFAR-10; the paper used 0.1 for ResNet-110 on CIFAR-100.
            ["disturblabel"] =
            [
                ParameterRule.Number("rate", 0.05, Ranges.Closed(0, 1), "share of training labels replaced by a random class each step; 0.05 in the paper (WRN-28-10, ResNet-110 on CIFAR-10), 0.1 for ResNet-110 on CIFAR-100"),
            ],
            ["focal"] =
            [
                ParameterRule.Number("alpha", 0.5, Ranges.OpenClosed(0, 1), "α: weight of the loss"),
                ParameterRule.Number("gamma", 1, Ranges.AtLeast(0), "γ: focusing exponent on (1 − p)"),
            ],
            // Generalised cross-entropy; the paper found q = 0.4 better than the 0.7 its authors recommend.
            ["lq"] =
            [
                ParameterRule.Number("q", 0.4, Ranges.OpenClosed(0, 1), "q of the generalised cross-entropy (1 − p^q) / q; the paper found 0.4 better than the 0.7 its authors recommend"),
            ],
            // weight is λ and center_lr is α of Wen et al. (ECCV 2016), whose experiments fix λ = 0.003, α = 0.5
            // (Fig. 5); the ISDA appendix also sets the centre learning rate to 0.5.
            ["center-loss"] =
            [
                ParameterRule.Number("weight", 0.003, Ranges.AtLeast(0), "λ of Wen et al. (ECCV 2016): weight of ½‖a − c_y‖²; 0.003 as in their experiments"),
                ParameterRule.Number("center_lr", 0.5, Ranges.Positive, "α of Wen et al.: the class centres' own learning rate; 0.5 in the paper and in Wen et al."),
            ],
            // L-Softmax (Liu et al., ICML 2016): on CIFAR-10 and CIFAR-100 it reports m = 2, 3, 4, with the lowest
            // error at m = 4 (Tables 3 and 4); m = 1 is plain softmax. It is trained, as the authors' Caffe layer,
            // with the target logit annealed from plain softmax: λ = max(anneal_min, anneal_base·(1 + anneal_gamma·t)^(−anneal_power))
            // at training step t weighs the plain logit against the margin one. base 1000, γ 0.12, power 1 are the
            // authors' schedule in SphereFace's margin layer; λ_min 0 is L-Softmax's own, ending at the paper's loss.
            // anneal_base 0 (with anneal_min 0) is the plain form, the margin at full strength from the first step.
            ["large-margin"] =
            [
                ParameterRule.Integer("margin", 4, Ranges.AtLeast(1), "m of L-Softmax (Liu et al., ICML 2016): the angle to the true class is multiplied by m; they report CIFAR for m = 2, 3, 4, best at 4; 1 is plain softmax"),
                ParameterRule.Number("anneal_base", 1000, Ranges.AtLeast(0), "λ at the first step: the target logit is (λ W_yᵀa + ‖W_y‖‖a‖ψ(θ)) / (1 + λ) + b_y, λ = max(anneal_min, anneal_base·(1 + anneal_gamma·t)^(−anneal_power)) at training step t, as the authors' Caffe layer; 0 (with anneal_min 0) is the margin at full strength from the start"),
                ParameterRule.Number("anneal_gamma", 0.12, Ranges.AtLeast(0), "γ of λ = base·(1 + γ·t)^(−power); base 1000, γ 0.12, power 1 are the authors' schedule in SphereFace's margin layer"),
                ParameterRule.Number("anneal_power", 1, Ranges.AtLeast(0), "power of λ = base·(1 + γ·t)^(−power)"),
                ParameterRule.Number("anneal_min", 0, Ranges.AtLeast(0), "the floor λ never falls below; 0 as L-Softmax's own code, so training ends at the paper's loss"),
            ],
            // Section B of the paper: a sixth of every mini-batch generated (docs/method.md §9.6).
            ["gan-augmentation"] =
            [
                ParameterRule.Reference("generator", "gan", "the experiment of kind gan whose newest completed run generates the synthetic images"),
                ParameterRule.Fraction("ratio", 1, 6, Ranges.Open(0, 1), "share r of synthetic images in each combined batch: round(n·r/(1 − r)) are added to a batch of n real ones; 1/6 in the paper"),
            ],
        };

    /// <summary>
    /// GAN objectives (docs/method.md §9.1) and their parameters, with the literature's usual values as defaults (the
    /// runtime's <c>GanSettings.For</c> takes them from here): WGAN with RMSprop, the others with Adam; the networks are
    /// the DCGAN pair of §9.2.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<ParameterRule>> Gans =
        new Dictionary<string, IReadOnlyList<ParameterRule>>
        {
            // Weight clipping; 100 critic steps during the first 25 generator steps and every 500th (Arjovsky et al.).
            ["wgan"] =
            [
                .. GanCommon(),
                GanConditioning(),
                ParameterRule.Integer("critic_steps", 5, Ranges.AtLeast(1), "critic steps per generator step (outside the warm-up)"),
                ParameterRule.Integer("warmup_critic_steps", 100, Ranges.AtLeast(1), "critic steps per generator step during the warm-up: 100 as Arjovsky et al."),
                ParameterRule.Integer("warmup_generator_steps", 25, Ranges.AtLeast(0), "the first this many generator steps take warmup_critic_steps critic steps (25 as Arjovsky et al.; 0: no warm-up)"),
                ParameterRule.Integer("warmup_every", 500, Ranges.AtLeast(0), "every this many generator steps, one takes warmup_critic_steps critic steps again (500 as Arjovsky et al.; 0: never)"),
                ParameterRule.Number("clip", 0.01, Ranges.Positive, "c: the critic's weights are clipped to [−c, c] after each of its steps"),
                ParameterRule.Number("lr", 5e-5, Ranges.Positive, "learning rate of RMSprop, for both networks"),
            ],
            ["wgan-gp"] =
            [
                .. GanCommon(),
                GanConditioning(),
                ParameterRule.Integer("critic_steps", 5, Ranges.AtLeast(1), "critic steps per generator step"),
                ParameterRule.Number("gp_weight", 10, Ranges.AtLeast(0), "λ: weight of the gradient penalty (‖∇D(x̂)‖ − 1)²"),
                .. GanAdam(1e-4, 0.5, 0.9),
            ],
            ["cgan"] = [.. GanCommon(), .. GanAdam(2e-4, 0.5, 0.999)],
            ["acgan"] = [.. GanCommon(), .. GanAdam(2e-4, 0.5, 0.999)],
            ["infogan"] =
            [
                .. GanCommon(),
                ParameterRule.Integer("codes", 2, Ranges.AtLeast(0), "K: continuous codes c ~ U(−1, 1)ᴷ the generator takes besides the class and the noise"),
                ParameterRule.Number("info_weight", 0.1, Ranges.AtLeast(0), "β: weight of the continuous codes' information term"),
                ParameterRule.Choice("categories", "latent: the categorical code is learned without labels (Chen et al.), so which category becomes which class is training's choice; labels: the discriminator's class head also learns the real images' labels, so category k is class k (as an augmentation that generates images for a label needs)", "latent", "labels"),
                .. GanAdam(2e-4, 0.5, 0.999),
            ],
        };

    /// <summary>
    /// The reconstruction of docs/method.md §10 (the paper's Appendix C) and its parameters: the two experiments it
    /// takes its networks from, and the optimisation on the generator's input, with the appendix's values as defaults.
    /// </summary>
    public static readonly IReadOnlyList<ParameterRule> Reconstruction =
    [
        ParameterRule.Reference("classifier", "classification", "the ISDA experiment whose newest completed run gives the classifier f and the class covariances Σ") with { ReferencedComponents = ["isda"] },
        ParameterRule.Reference("generator", "gan", "the WGAN experiment whose newest completed run gives the generator G (per-class: the generator of each image's class)") with { ReferencedComponents = ["wgan", "wgan-gp"] },
        ParameterRule.Choice("split", "the split the images are taken from", "test", "train"),
        ParameterRule.Integer("images", 10, Ranges.AtLeast(1), "how many real images are reconstructed, taken class by class in turn (image i is of class i mod C), at random within the class"),
        ParameterRule.Integer("samples", 4, Ranges.AtLeast(1), "augmented samples ã = a + δ per image"),
        // The published ImageNet visualiser's values (docs/method.md §10); the appendix does not give them.
        ParameterRule.Number("eta", 5e-3, Ranges.AtLeast(0), "η: weight of the pixel term ‖G(ẑ) − x‖² against the feature term in Step I"),
        ParameterRule.Number("lambda", 0.2, Ranges.Positive, "λ: the shifts are drawn from N(0, λΣ_y)"),
        ParameterRule.Integer("step1_iterations", 10000, Ranges.AtLeast(1), "gradient-descent iterations of Step I (restoring the latent of each image)"),
        ParameterRule.Number("step1_lr", 10, Ranges.Positive, "Step I's initial learning rate"),
        ParameterRule.Integer("step2_iterations", 10000, Ranges.AtLeast(1), "gradient-descent iterations of Step II (the latents of the augmented features)"),
        ParameterRule.Number("step2_lr", 1, Ranges.Positive, "Step II's initial learning rate"),
        ParameterRule.Integer("lr_drop_every", 2500, Ranges.AtLeast(1), "the learning rate is multiplied by lr_drop_factor every this many iterations"),
        ParameterRule.Number("lr_drop_factor", 0.1, Ranges.OpenClosed(0, 1), "factor of each learning-rate drop"),
        ParameterRule.Number("momentum", 0.9, Ranges.ClosedOpen(0, 1), "momentum of the gradient descent on the latents"),
        ParameterRule.Number("weight_decay", 1e-4, Ranges.AtLeast(0), "L2 weight decay on the latents"),
    ];

    private static ParameterRule[] GanCommon() =>
    [
        ParameterRule.Integer("noise_dim", 100, Ranges.AtLeast(1), "dimension of the noise z"),
        ParameterRule.Integer("generator_width", 64, Ranges.AtLeast(1), "the DCGAN generator's base width w"),
        ParameterRule.Integer("critic_width", 64, Ranges.AtLeast(1), "the discriminator's (critic's) base width w"),
    ];

    private static ParameterRule GanConditioning() =>
        ParameterRule.Choice("conditioning", "per-class: one unconditional generator and critic per class, each trained on its class's images; none: one unconditional model for all images", "per-class", "none");

    private static ParameterRule[] GanAdam(double lr, double beta1, double beta2) =>
    [
        ParameterRule.Number("lr", lr, Ranges.Positive, "learning rate of Adam, for both networks"),
        ParameterRule.Number("beta1", beta1, Ranges.ClosedOpen(0, 1), "Adam's β1"),
        ParameterRule.Number("beta2", beta2, Ranges.ClosedOpen(0, 1), "Adam's β2"),
    ];

    /// <summary>The keys a setting section may hold; for model and method, every architecture's or method's parameters.</summary>
    public static IReadOnlyList<string> KeysOf(string section) => section switch
    {
        "data" => DataKeys,
        "model" => [ComponentKey(section)!, .. Parameters(Architectures).Select(rule => rule.Key)],
        "training" => TrainingKeys,
        "optimizer" => OptimizerKeys,
        "schedule" => ScheduleKeys,
        "method" => [ComponentKey(section)!, .. Parameters(Methods).Select(rule => rule.Key)],
        "evaluation" => EvaluationKeys,
        "gan" => [ComponentKey(section)!, .. Parameters(Gans).Select(rule => rule.Key)],
        "reconstruction" => Reconstruction.Select(rule => rule.Key).ToList(),
        _ => [],
    };

    /// <summary>The key that chooses what a section is (a data set, an architecture, a method, a schedule kind).</summary>
    public static string? ComponentKey(string section) => section switch
    {
        "data" or "method" or "gan" => "name",
        "model" => "architecture",
        "schedule" => "kind",
        _ => null,
    };

    /// <summary>Every parameter of every component, each key once, in schema order.</summary>
    public static IReadOnlyList<ParameterRule> Parameters(IReadOnlyDictionary<string, IReadOnlyList<ParameterRule>> components) =>
        components.Values.SelectMany(rules => rules).GroupBy(rule => rule.Key).Select(group => group.First()).ToList();

    /// <summary>The components (of <paramref name="components"/>) that have parameter <paramref name="key"/>, by name.</summary>
    public static IReadOnlyList<string> OwnersOf(string key, IReadOnlyDictionary<string, IReadOnlyList<ParameterRule>> components) =>
        components.Where(c => c.Value.Any(r => r.Key == key)).Select(c => c.Key).OrderBy(n => n, System.StringComparer.Ordinal).ToList();
}
