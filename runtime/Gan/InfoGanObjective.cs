using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Gan;

/// <summary>
/// InfoGAN (Chen et al., 2016; docs/method.md §9.3): the generator's input is noise ‖ one-hot class ‖ K continuous
/// codes c ~ U(−1, 1) (K = 2), and the discriminator, which sees only the image, has heads for real/fake, the class
/// and the codes. Besides the adversarial loss of <see cref="NonSaturatingLoss"/>, both players minimise the
/// information loss CE(class head, sampled class) + β·MSE(code head, sampled codes) (β = 0.1) on the fake images,
/// a lower bound on the mutual information between the latent codes and the image up to constants.
/// </summary>
/// <remarks>
/// The class here is a latent code: by default the loss never sees the real images' labels, so which generated class
/// looks like which class of the data set is up to training. With <see cref="LabelledCategories"/> the discriminator's
/// class head is also trained on the real images' labels, CE(class head(x), y), as ACGAN's is: category k then means
/// class k, and the generator, which is pushed to make its category recognisable, makes images of that class. The MSE is averaged over the N·K code values, the Gaussian
/// log-likelihood of the codes with unit variance up to constants.
/// </remarks>
public sealed class InfoGanObjective : IGanObjective
{
    /// <summary>The usual number of continuous codes.</summary>
    public const int DefaultNumCodes = 2;

    /// <summary>The usual weight β of the continuous codes' term.</summary>
    public const double DefaultCodeWeight = 0.1;

    /// <summary>InfoGAN with <paramref name="numCodes"/> ≥ 0 continuous codes weighted by <paramref name="codeWeight"/>, a finite number ≥ 0.</summary>
    /// <exception cref="ArgumentException">A parameter lies outside its range.</exception>
    public InfoGanObjective(int numCodes = DefaultNumCodes, double codeWeight = DefaultCodeWeight, bool labelledCategories = false)
    {
        LabelledCategories = labelledCategories;
        if (numCodes < 0)
            throw new ArgumentException($"InfoGAN's number of continuous codes must be ≥ 0, got {numCodes}", nameof(numCodes));
        if (!(codeWeight >= 0) || !double.IsFinite(codeWeight))
            throw new ArgumentException($"InfoGAN's code weight must be a finite number ≥ 0, got {codeWeight}", nameof(codeWeight));
        NumCodes = numCodes;
        CodeWeight = codeWeight;
    }

    /// <summary>The number K of continuous codes.</summary>
    public int NumCodes { get; }

    /// <summary>The weight β of the continuous codes' mean squared error.</summary>
    public double CodeWeight { get; }

    /// <summary>Whether the discriminator's class head also learns the real images' labels.</summary>
    public bool LabelledCategories { get; }

    /// <summary>
    /// The information loss CE(<paramref name="classLogits"/>, <paramref name="labels"/>) +
    /// <paramref name="codeWeight"/>·MSE(<paramref name="predictedCodes"/>, <paramref name="codes"/>), a scalar; without
    /// codes (both null) only the cross-entropy.
    /// </summary>
    /// <param name="classLogits">The class head's logits [N, C].</param>
    /// <param name="labels">The sampled classes, int64 [N].</param>
    /// <param name="predictedCodes">The code head's output [N, K], or null when K = 0.</param>
    /// <param name="codes">The sampled codes [N, K], or null when K = 0.</param>
    /// <param name="codeWeight">The weight β ≥ 0 of the codes' term.</param>
    /// <exception cref="ArgumentException">The shapes do not match, or only one of the code tensors is given.</exception>
    public static Tensor InformationLoss(Tensor classLogits, Tensor labels, Tensor? predictedCodes, Tensor? codes, double codeWeight)
    {
        ArgumentNullException.ThrowIfNull(classLogits);
        ArgumentNullException.ThrowIfNull(labels);
        AcganObjective.CheckClassInputs(classLogits, labels, nameof(labels));
        if ((predictedCodes is null) != (codes is null))
            throw new ArgumentException("Pass both the predicted and the sampled codes, or neither", nameof(codes));
        using var scope = NewDisposeScope();
        var loss = nn.functional.cross_entropy(classLogits, labels);
        if (predictedCodes is not null && codes is not null)
        {
            if (!predictedCodes.shape.SequenceEqual(codes.shape) || codes.dim() != 2 || codes.shape[0] != labels.shape[0])
            {
                throw new ArgumentException(
                    $"Expected predicted and sampled codes [N, K] with N = {labels.shape[0]}, got [{string.Join(", ", predictedCodes.shape)}] and [{string.Join(", ", codes.shape)}]",
                    nameof(codes));
            }

            loss = loss.add(nn.functional.mse_loss(predictedCodes, codes).mul(codeWeight));
        }

        return loss.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Needs the latent's labels and, when K &gt; 0, its K codes; <paramref name="realLabels"/> only with
    /// <see cref="LabelledCategories"/>, which adds CE(class head(real images), real labels). The discriminator is called
    /// without labels and must have a class head and, when K &gt; 0, a K-code head.
    /// </remarks>
    public DiscriminatorBatchLoss DiscriminatorLoss(IGanDiscriminator discriminator, Tensor realImages, Tensor? realLabels, Tensor fakeImages, GanLatent latent)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(realImages);
        ArgumentNullException.ThrowIfNull(fakeImages);
        ArgumentNullException.ThrowIfNull(latent);
        using var scope = NewDisposeScope();
        var real = discriminator.Discriminate(realImages);
        var fake = discriminator.Discriminate(fakeImages.detach());
        var loss = NonSaturatingLoss.Discriminator(real.Score, fake.Score).add(Information(fake, latent));
        if (LabelledCategories)
        {
            var labels = realLabels ?? throw new ArgumentException("InfoGAN with labelled categories needs the real images' labels", nameof(realLabels));
            var classLogits = real.ClassLogits ?? throw new ArgumentException("InfoGAN needs a discriminator with a class head", nameof(discriminator));
            AcganObjective.CheckClassInputs(classLogits, labels, nameof(realLabels));
            loss = loss.add(nn.functional.cross_entropy(classLogits, labels));
        }
        return new DiscriminatorBatchLoss(loss.MoveToOuterDisposeScope());
    }

    /// <inheritdoc/>
    /// <remarks>Needs the latent's labels and, when K &gt; 0, its K codes.</remarks>
    public Tensor GeneratorLoss(IGanDiscriminator discriminator, Tensor fakeImages, GanLatent latent)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(fakeImages);
        ArgumentNullException.ThrowIfNull(latent);
        using var scope = NewDisposeScope();
        var fake = discriminator.Discriminate(fakeImages);
        return NonSaturatingLoss.Generator(fake.Score).add(Information(fake, latent)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    /// <remarks>Nothing.</remarks>
    public void AfterDiscriminatorStep(IEnumerable<Parameter> discriminatorParameters)
    {
    }

    /// <summary>The information loss of the fake images' heads for the latent they were generated from.</summary>
    private Tensor Information(DiscriminatorOutput fake, GanLatent latent)
    {
        var labels = latent.RequiredLabels("InfoGAN");
        var classLogits = fake.ClassLogits ?? throw new ArgumentException("InfoGAN needs a discriminator with a class head", "discriminator");
        if (NumCodes == 0)
        {
            if (latent.Codes is not null || fake.Codes is not null)
                throw new ArgumentException("This InfoGAN has no continuous codes, but the latent or the discriminator has some", nameof(latent));
            return InformationLoss(classLogits, labels, null, null, CodeWeight);
        }

        if (latent.Codes is null || latent.Codes.dim() != 2 || latent.Codes.shape[1] != NumCodes)
            throw new ArgumentException($"InfoGAN's latent must carry {NumCodes} continuous codes per sample", nameof(latent));
        var predicted = fake.Codes ?? throw new ArgumentException($"InfoGAN needs a discriminator with a {NumCodes}-code head", "discriminator");
        return InformationLoss(classLogits, labels, predicted, latent.Codes, CodeWeight);
    }
}
