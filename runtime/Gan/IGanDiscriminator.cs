using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Gan;

/// <summary>
/// What the GAN objectives ask of a discriminator or critic: its heads for a batch of images, optionally conditioned
/// on their labels. <see cref="DcganDiscriminator"/> is the runtime's; the tests use small float64 ones whose
/// derivatives are known in closed form.
/// </summary>
public interface IGanDiscriminator
{
    /// <summary>The heads for <paramref name="images"/> [N, C, H, W].</summary>
    /// <param name="images">The images, real or generated.</param>
    /// <param name="labels">
    /// Their class indices, int64 [N], for a discriminator whose input is conditioned on the label (CGAN); null for
    /// one that is not.
    /// </param>
    /// <exception cref="ArgumentException">Labels are missing for a conditioned discriminator or passed to one that is not.</exception>
    DiscriminatorOutput Discriminate(Tensor images, Tensor? labels = null);
}
