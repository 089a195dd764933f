using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Gan;

/// <summary>
/// A GAN training objective (docs/method.md §9.3): the discriminator's loss and the generator's loss for one batch,
/// and what must happen to the discriminator after its optimiser stepped. The trainer alternates: generate fake
/// images from a <see cref="GanLatent"/>, minimise <see cref="DiscriminatorLoss"/> over the discriminator's
/// parameters (several times for the WGANs), call <see cref="AfterDiscriminatorStep"/>, then minimise
/// <see cref="GeneratorLoss"/> over the generator's.
/// </summary>
public interface IGanObjective
{
    /// <summary>
    /// The discriminator's loss for a batch of real images and a batch of fake ones. The fake images are detached
    /// here, so the loss reaches only the discriminator's parameters.
    /// </summary>
    /// <param name="discriminator">The discriminator or critic.</param>
    /// <param name="realImages">Real images [N, C, H, W], scaled to [−1, 1] like the generator's output.</param>
    /// <param name="realLabels">The real images' labels, int64 [N], where the objective uses them; otherwise null.</param>
    /// <param name="fakeImages">Generated images [M, C, H, W].</param>
    /// <param name="latent">What the generator was given for <paramref name="fakeImages"/>.</param>
    /// <exception cref="ArgumentException">An input the objective needs is missing or of the wrong shape.</exception>
    DiscriminatorBatchLoss DiscriminatorLoss(IGanDiscriminator discriminator, Tensor realImages, Tensor? realLabels, Tensor fakeImages, GanLatent latent);

    /// <summary>The generator's loss for a batch of generated images (not detached: it reaches the generator).</summary>
    /// <param name="discriminator">The discriminator or critic.</param>
    /// <param name="fakeImages">Generated images [M, C, H, W].</param>
    /// <param name="latent">What the generator was given for <paramref name="fakeImages"/>.</param>
    /// <exception cref="ArgumentException">An input the objective needs is missing or of the wrong shape.</exception>
    Tensor GeneratorLoss(IGanDiscriminator discriminator, Tensor fakeImages, GanLatent latent);

    /// <summary>Called after each step of the discriminator's optimiser: WGAN clips the weights, the others do nothing.</summary>
    /// <param name="discriminatorParameters">The discriminator's parameters.</param>
    void AfterDiscriminatorStep(IEnumerable<Parameter> discriminatorParameters);
}
