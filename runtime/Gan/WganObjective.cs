using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Gan;

/// <summary>
/// WGAN with weight clipping (Arjovsky et al., 2017; docs/method.md §9.3). The critic D minimises
/// mean D(fake) − mean D(real), the generator −mean D(fake), and after every critic step each of the critic's
/// parameters is clipped to [−c, c] (c = 0.01), which keeps D roughly Lipschitz so that mean D(real) − mean D(fake)
/// estimates the Wasserstein-1 distance up to a constant factor. The critic is not conditioned on the label: the
/// paper trains one WGAN per class.
/// </summary>
public sealed class WganObjective : IGanObjective
{
    /// <summary>The usual clipping bound.</summary>
    public const double DefaultClip = 0.01;

    /// <summary>WGAN with clipping bound <paramref name="clip"/>, a finite number &gt; 0.</summary>
    /// <exception cref="ArgumentException">The bound is not a finite number &gt; 0.</exception>
    public WganObjective(double clip = DefaultClip)
    {
        if (!(clip > 0) || !double.IsFinite(clip))
            throw new ArgumentException($"The WGAN clipping bound must be a finite number > 0, got {clip}", nameof(clip));
        Clip = clip;
    }

    /// <summary>The clipping bound c.</summary>
    public double Clip { get; }

    /// <summary>mean D(fake) − mean D(real), a scalar.</summary>
    /// <param name="realScores">The critic's values on real images, [N].</param>
    /// <param name="fakeScores">The critic's values on fake images, [M].</param>
    public static Tensor CriticLoss(Tensor realScores, Tensor fakeScores)
    {
        ArgumentNullException.ThrowIfNull(realScores);
        ArgumentNullException.ThrowIfNull(fakeScores);
        using var scope = NewDisposeScope();
        return fakeScores.mean().sub(realScores.mean()).MoveToOuterDisposeScope();
    }

    /// <summary>−mean D(fake), a scalar.</summary>
    /// <param name="fakeScores">The critic's values on fake images, [M].</param>
    public static Tensor GeneratorLoss(Tensor fakeScores)
    {
        ArgumentNullException.ThrowIfNull(fakeScores);
        using var scope = NewDisposeScope();
        return fakeScores.mean().neg().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The Wasserstein estimate mean D(real) − mean D(fake) (the negated critic loss), a detached float64 scalar on
    /// the scores' device (computed in the scores' dtype).
    /// </summary>
    /// <param name="realScores">The critic's values on real images, [N].</param>
    /// <param name="fakeScores">The critic's values on fake images, [M].</param>
    public static Tensor WassersteinEstimate(Tensor realScores, Tensor fakeScores)
    {
        ArgumentNullException.ThrowIfNull(realScores);
        ArgumentNullException.ThrowIfNull(fakeScores);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return realScores.mean().sub(fakeScores.mean()).to(ScalarType.Float64).MoveToOuterDisposeScope();
    }

    /// <summary>Clips every parameter to [−<see cref="Clip"/>, <see cref="Clip"/>] in place, outside autograd.</summary>
    /// <param name="parameters">The critic's parameters.</param>
    public void ClipWeights(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var noGrad = no_grad();
        foreach (var parameter in parameters)
            parameter.clamp_(-Clip, Clip);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <paramref name="realLabels"/> and <paramref name="latent"/>'s labels are passed to the critic as they are (null
    /// for the paper's unconditional critic).
    /// </remarks>
    public DiscriminatorBatchLoss DiscriminatorLoss(IGanDiscriminator discriminator, Tensor realImages, Tensor? realLabels, Tensor fakeImages, GanLatent latent)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(realImages);
        ArgumentNullException.ThrowIfNull(fakeImages);
        ArgumentNullException.ThrowIfNull(latent);
        using var scope = NewDisposeScope();
        var real = discriminator.Discriminate(realImages, realLabels).Score;
        var fake = discriminator.Discriminate(fakeImages.detach(), latent.Labels).Score;
        return new DiscriminatorBatchLoss(CriticLoss(real, fake), WassersteinEstimate(real, fake)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public Tensor GeneratorLoss(IGanDiscriminator discriminator, Tensor fakeImages, GanLatent latent)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(fakeImages);
        ArgumentNullException.ThrowIfNull(latent);
        using var scope = NewDisposeScope();
        return GeneratorLoss(discriminator.Discriminate(fakeImages, latent.Labels).Score).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    /// <remarks>Clips the critic's weights (<see cref="ClipWeights"/>).</remarks>
    public void AfterDiscriminatorStep(IEnumerable<Parameter> discriminatorParameters) => ClipWeights(discriminatorParameters);
}
