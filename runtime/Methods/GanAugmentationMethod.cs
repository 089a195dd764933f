using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Gan;
using IsdaDsl.Runtime.Models;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Methods;

/// <summary>
/// The generative baselines of Section B (docs/method.md §9.6): every training batch of n real images gets
/// <see cref="SyntheticCount"/>(n) images from a trained generator added, each labelled with the class it was generated
/// for, so that they make up the share <see cref="Ratio"/> of the combined batch; softmax cross-entropy runs over the
/// combined batch. The real images still come from the loader, each once per epoch.
/// </summary>
/// <remarks>
/// The classes of the synthetic images are drawn uniformly, and the generator's noise drawn, from torch's global
/// generator, which the trainer seeds and saves in every checkpoint: the synthetic images are reproducible under the
/// run's seed and across a resume. They are not augmented further: the loader's crop and flip apply to real images.
/// The accuracy the trainer logs is the real images'.
/// </remarks>
public sealed class GanAugmentationMethod : ITrainingMethod
{
    private readonly TrainedGenerator generator;
    private readonly float[] mean;
    private readonly float[] std;

    /// <summary>
    /// Mixes images of <paramref name="generator"/> (which the method then owns) into every batch at share
    /// <paramref name="ratio"/> ∈ (0, 1), normalised with <paramref name="mean"/> and <paramref name="std"/> as the loader
    /// normalises real images of shape <paramref name="input"/> with <paramref name="numClasses"/> classes.
    /// </summary>
    /// <exception cref="ArgumentException">The ratio is out of range, or the generator's images or classes do not match the classifier's.</exception>
    public GanAugmentationMethod(TrainedGenerator generator, double ratio, InputShape input, int numClasses, float[] mean, float[] std)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (!(ratio > 0 && ratio < 1))
            throw new ArgumentException($"The synthetic share must lie in (0, 1), got {ratio}", nameof(ratio));
        if (!generator.TakesLabels)
            throw new ArgumentException("The generator is one unconditional model: its images have no class to train on; train it per class or conditional", nameof(generator));
        if (generator.Image != input || generator.NumClasses != numClasses)
        {
            throw new ArgumentException(
                $"The generator makes {generator.Image.Channels}×{generator.Image.Height}×{generator.Image.Width} images of {generator.NumClasses} classes; " +
                $"the classifier takes {input.Channels}×{input.Height}×{input.Width} images of {numClasses} classes", nameof(generator));
        }
        this.generator = generator;
        Ratio = ratio;
        this.mean = mean;
        this.std = std;
    }

    /// <summary>The share r of synthetic images in each combined batch.</summary>
    public double Ratio { get; }

    /// <summary>
    /// The synthetic images added to a batch of <paramref name="real"/> real ones: round(n·r/(1 − r)), halves rounded
    /// up. The share s/(n + s) is then r exactly when n·r/(1 − r) is a whole number (n a multiple of 5 for r = 1/6), and
    /// otherwise the nearest share that whole images allow.
    /// </summary>
    public static int SyntheticCount(long real, double ratio) =>
        (int)Math.Round(real * ratio / (1 - ratio), MidpointRounding.AwayFromZero);

    /// <summary>
    /// The combined batch: <paramref name="images"/> and <paramref name="labels"/> followed by the synthetic images and
    /// the classes they were generated for, on the real images' device.
    /// </summary>
    public (Tensor Images, Tensor Labels) Compose(Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        var count = SyntheticCount(images.shape[0], Ratio);
        if (count == 0)
            return (images.alias(), labels.alias());
        using var scope = NewDisposeScope();
        var classes = randint(0, generator.NumClasses, [count], dtype: ScalarType.Int64, device: CPU);
        var synthetic = TrainedGenerator.ToNormalised(generator.Generate(classes), mean, std).to(images.device);
        var combinedImages = cat([images, synthetic.to(images.dtype)], 0);
        var combinedLabels = cat([labels, classes.to(labels.device)], 0);
        return (combinedImages.MoveToOuterDisposeScope(), combinedLabels.MoveToOuterDisposeScope());
    }

    /// <inheritdoc/>
    public StepLoss Loss(ClassifierNetwork network, Tensor images, Tensor labels, TrainingClock clock)
    {
        ArgumentNullException.ThrowIfNull(network);
        var (combinedImages, combinedLabels) = Compose(images, labels);
        var logits = network.forward(combinedImages);
        var loss = nn.functional.cross_entropy(logits, combinedLabels);
        // The accuracy is the real images'.
        return new StepLoss(loss, logits.narrow(0, 0, images.shape[0]));
    }

    /// <inheritdoc/>
    public void Dispose() => generator.Dispose();

    /// <summary>
    /// The DSL's method "gan-augmentation" as typed options: one positional parameter per parameter SpecSchema declares
    /// for it (its key in PascalCase), which is where their defaults and ranges live.
    /// </summary>
    /// <param name="Generator">The DSL parameter of that name (SpecSchema): a gan experiment's name.</param>
    /// <param name="Ratio">The DSL parameter of that name (SpecSchema).</param>
    [TrainingMethod("gan-augmentation")]
    public sealed record Options(string Generator, double Ratio) : IMethodOptions
    {
        /// <inheritdoc/>
        public ITrainingMethod Create(MethodContext context)
        {
            if (context.Generators is not { } source || context.Input is not { } input || context.Normalisation is not { } normalisation)
                throw new InvalidOperationException($"gan-augmentation needs the generator of experiment '{Generator}' and the training images' shape and normalisation; the trainer was given none");
            var generator = source(Generator, context.Device);
            try
            {
                return new GanAugmentationMethod(generator, Ratio, input, context.NumClasses, normalisation.Mean, normalisation.Std);
            }
            catch
            {
                generator.Dispose();
                throw;
            }
        }
    }
}
