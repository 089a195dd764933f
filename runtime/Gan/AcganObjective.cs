using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Gan;

/// <summary>
/// The auxiliary-classifier GAN (Odena et al., 2017; docs/method.md §9.3): the generator takes the label, the
/// discriminator sees only the image and has a real/fake head and a C-way class head. The discriminator minimises the
/// adversarial loss of <see cref="NonSaturatingLoss"/> plus the class cross-entropy on the real images (their labels)
/// and on the fake ones (the labels they were generated for); the generator minimises the non-saturating adversarial
/// loss plus the class cross-entropy of its images for their labels.
/// </summary>
public sealed class AcganObjective : IGanObjective
{
    /// <summary>The auxiliary classification loss: mean cross-entropy of <paramref name="classLogits"/> [N, C] for <paramref name="labels"/> int64 [N].</summary>
    /// <exception cref="ArgumentException">The shapes do not match.</exception>
    public static Tensor AuxiliaryLoss(Tensor classLogits, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(classLogits);
        ArgumentNullException.ThrowIfNull(labels);
        CheckClassInputs(classLogits, labels, nameof(labels));
        return nn.functional.cross_entropy(classLogits, labels);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Needs <paramref name="realLabels"/> and the latent's labels; the discriminator is called without labels and
    /// must have a class head.
    /// </remarks>
    public DiscriminatorBatchLoss DiscriminatorLoss(IGanDiscriminator discriminator, Tensor realImages, Tensor? realLabels, Tensor fakeImages, GanLatent latent)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(realImages);
        ArgumentNullException.ThrowIfNull(fakeImages);
        ArgumentNullException.ThrowIfNull(latent);
        if (realLabels is null)
            throw new ArgumentException("ACGAN's discriminator classifies the real images: pass their labels", nameof(realLabels));
        var fakeLabels = latent.RequiredLabels("ACGAN");
        using var scope = NewDisposeScope();
        var real = discriminator.Discriminate(realImages);
        var fake = discriminator.Discriminate(fakeImages.detach());
        var loss = NonSaturatingLoss.Discriminator(real.Score, fake.Score)
            .add(AuxiliaryLoss(ClassLogits(real), realLabels))
            .add(AuxiliaryLoss(ClassLogits(fake), fakeLabels));
        return new DiscriminatorBatchLoss(loss.MoveToOuterDisposeScope());
    }

    /// <inheritdoc/>
    /// <remarks>Needs the latent's labels; the discriminator must have a class head.</remarks>
    public Tensor GeneratorLoss(IGanDiscriminator discriminator, Tensor fakeImages, GanLatent latent)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(fakeImages);
        ArgumentNullException.ThrowIfNull(latent);
        var fakeLabels = latent.RequiredLabels("ACGAN");
        using var scope = NewDisposeScope();
        var fake = discriminator.Discriminate(fakeImages);
        return NonSaturatingLoss.Generator(fake.Score).add(AuxiliaryLoss(ClassLogits(fake), fakeLabels)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    /// <remarks>Nothing.</remarks>
    public void AfterDiscriminatorStep(IEnumerable<Parameter> discriminatorParameters)
    {
    }

    /// <summary>Throws unless the logits are [N, C] and the labels int64 [N].</summary>
    internal static void CheckClassInputs(Tensor classLogits, Tensor labels, string parameterName)
    {
        if (classLogits.dim() != 2 || labels.dtype != ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != classLogits.shape[0])
        {
            throw new ArgumentException(
                $"Expected class logits [N, C] and int64 labels [N]; got [{string.Join(", ", classLogits.shape)}] and {labels.dtype} [{string.Join(", ", labels.shape)}]",
                parameterName);
        }
    }

    private static Tensor ClassLogits(DiscriminatorOutput output) =>
        output.ClassLogits ?? throw new ArgumentException("ACGAN needs a discriminator with a class head", "discriminator");
}
