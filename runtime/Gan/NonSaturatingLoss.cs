using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Gan;

/// <summary>
/// The standard GAN loss with binary cross-entropy on the discriminator's logit s (docs/method.md §9.3), shared by
/// CGAN, ACGAN and InfoGAN: the discriminator minimises BCE(s_real, 1) + BCE(s_fake, 0) = mean softplus(−s_real) +
/// mean softplus(s_fake), and the generator the non-saturating BCE(s_fake, 1) = mean softplus(−s_fake) instead of
/// −BCE(s_fake, 0), whose gradient vanishes while the discriminator still wins easily.
/// </summary>
public static class NonSaturatingLoss
{
    /// <summary>BCE(s_real, 1) + BCE(s_fake, 0), each averaged over its batch; a scalar.</summary>
    /// <param name="realScores">Logits of the real images, [N].</param>
    /// <param name="fakeScores">Logits of the fake images, [M].</param>
    public static Tensor Discriminator(Tensor realScores, Tensor fakeScores)
    {
        ArgumentNullException.ThrowIfNull(realScores);
        ArgumentNullException.ThrowIfNull(fakeScores);
        using var scope = NewDisposeScope();
        var real = nn.functional.binary_cross_entropy_with_logits(realScores, ones_like(realScores));
        var fake = nn.functional.binary_cross_entropy_with_logits(fakeScores, zeros_like(fakeScores));
        return real.add(fake).MoveToOuterDisposeScope();
    }

    /// <summary>BCE(s_fake, 1), averaged over the batch; a scalar.</summary>
    /// <param name="fakeScores">Logits of the fake images, [M].</param>
    public static Tensor Generator(Tensor fakeScores)
    {
        ArgumentNullException.ThrowIfNull(fakeScores);
        using var scope = NewDisposeScope();
        return nn.functional.binary_cross_entropy_with_logits(fakeScores, ones_like(fakeScores)).MoveToOuterDisposeScope();
    }
}
