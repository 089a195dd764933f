using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Gan;

/// <summary>
/// The conditional GAN (Mirza &amp; Osindero, 2014; docs/method.md §9.3): generator and discriminator both take the
/// label, and the objective is the standard one of <see cref="NonSaturatingLoss"/> on D(x | y): the discriminator
/// minimises BCE(D(real | y_real), 1) + BCE(D(fake | y_fake), 0), the generator BCE(D(fake | y_fake), 1), where
/// y_fake are the labels the fake images were generated for.
/// </summary>
public sealed class CganObjective : IGanObjective
{
    /// <inheritdoc/>
    /// <remarks>Needs <paramref name="realLabels"/> and the latent's labels; the discriminator must be conditioned on them.</remarks>
    public DiscriminatorBatchLoss DiscriminatorLoss(IGanDiscriminator discriminator, Tensor realImages, Tensor? realLabels, Tensor fakeImages, GanLatent latent)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(realImages);
        ArgumentNullException.ThrowIfNull(fakeImages);
        ArgumentNullException.ThrowIfNull(latent);
        if (realLabels is null)
            throw new ArgumentException("CGAN conditions the discriminator on the real images' labels: pass them", nameof(realLabels));
        var fakeLabels = latent.RequiredLabels("CGAN");
        using var scope = NewDisposeScope();
        var real = discriminator.Discriminate(realImages, realLabels).Score;
        var fake = discriminator.Discriminate(fakeImages.detach(), fakeLabels).Score;
        return new DiscriminatorBatchLoss(NonSaturatingLoss.Discriminator(real, fake).MoveToOuterDisposeScope());
    }

    /// <inheritdoc/>
    /// <remarks>Needs the latent's labels; the discriminator must be conditioned on them.</remarks>
    public Tensor GeneratorLoss(IGanDiscriminator discriminator, Tensor fakeImages, GanLatent latent)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(fakeImages);
        ArgumentNullException.ThrowIfNull(latent);
        var fakeLabels = latent.RequiredLabels("CGAN");
        using var scope = NewDisposeScope();
        return NonSaturatingLoss.Generator(discriminator.Discriminate(fakeImages, fakeLabels).Score).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    /// <remarks>Nothing.</remarks>
    public void AfterDiscriminatorStep(IEnumerable<Parameter> discriminatorParameters)
    {
    }
}
