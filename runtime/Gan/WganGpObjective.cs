using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Gan;

/// <summary>
/// WGAN with a gradient penalty (Gulrajani et al., 2017; docs/method.md §9.3). The critic minimises
/// mean D(fake) − mean D(real) + λ · mean_i (‖∇ₓD(x̂_i)‖₂ − 1)², with x̂_i = ε_i·real_i + (1 − ε_i)·fake_i and
/// ε_i ~ U(0, 1) drawn per sample (λ = 10); the generator minimises −mean D(fake). The penalty keeps the critic's
/// gradient norm near 1 between the two distributions instead of clipping its weights. It is a per-sample quantity,
/// so the critic must not use batch norm (which mixes the samples of a batch).
/// </summary>
public sealed class WganGpObjective : IGanObjective
{
    /// <summary>The usual penalty weight.</summary>
    public const double DefaultLambda = 10;

    /// <summary>Added under the square root of the gradient norm so that its derivative stays finite at a zero gradient.</summary>
    private const double NormFloor = 1e-12;

    /// <summary>WGAN-GP with penalty weight <paramref name="lambda"/>, a finite number ≥ 0.</summary>
    /// <exception cref="ArgumentException">The weight is not a finite number ≥ 0.</exception>
    public WganGpObjective(double lambda = DefaultLambda)
    {
        if (!(lambda >= 0) || !double.IsFinite(lambda))
            throw new ArgumentException($"The WGAN-GP penalty weight lambda must be a finite number ≥ 0, got {lambda}", nameof(lambda));
        Lambda = lambda;
    }

    /// <summary>The penalty weight λ.</summary>
    public double Lambda { get; }

    /// <summary>
    /// The gradient penalty mean_i (‖∇ₓD(x̂_i)‖₂ − 1)² at x̂_i = ε_i·real_i + (1 − ε_i)·fake_i, a scalar. The input
    /// gradient is taken with create_graph, so back-propagating the penalty reaches the critic's parameters.
    /// The norm is √(‖g‖² + 10⁻¹²), which differs from ‖g‖ by at most 10⁻⁶ and has a finite derivative at g = 0.
    /// </summary>
    /// <param name="critic">The critic's value D(x) [N] for images x [N, …].</param>
    /// <param name="realImages">Real images [N, …] (detached here).</param>
    /// <param name="fakeImages">Fake images of the same shape (detached here).</param>
    /// <param name="epsilon">The interpolation weights ε, [N], in [0, 1].</param>
    /// <exception cref="ArgumentException">The shapes do not match.</exception>
    public static Tensor GradientPenalty(Func<Tensor, Tensor> critic, Tensor realImages, Tensor fakeImages, Tensor epsilon)
    {
        ArgumentNullException.ThrowIfNull(critic);
        ArgumentNullException.ThrowIfNull(realImages);
        ArgumentNullException.ThrowIfNull(fakeImages);
        ArgumentNullException.ThrowIfNull(epsilon);
        if (!realImages.shape.SequenceEqual(fakeImages.shape) || realImages.dim() < 2)
        {
            throw new ArgumentException(
                $"WGAN-GP interpolates real and fake images pairwise: their shapes must be equal [N, …], got [{string.Join(", ", realImages.shape)}] and [{string.Join(", ", fakeImages.shape)}]",
                nameof(fakeImages));
        }

        var batch = realImages.shape[0];
        if (epsilon.dim() != 1 || epsilon.shape[0] != batch)
            throw new ArgumentException($"Expected one interpolation weight per sample, [{batch}], got [{string.Join(", ", epsilon.shape)}]", nameof(epsilon));

        using var scope = NewDisposeScope();
        var broadcast = new long[realImages.dim()];
        Array.Fill(broadcast, 1L);
        broadcast[0] = batch;
        var weight = epsilon.detach().to(realImages.dtype).view(broadcast);
        var real = realImages.detach();
        var fake = fakeImages.detach();
        var mixed = fake.add(weight.mul(real.sub(fake))).requires_grad_(true);
        var scores = critic(mixed);
        if (scores.dim() != 1 || scores.shape[0] != batch)
            throw new ArgumentException($"The critic must return one value per image, [{batch}], got [{string.Join(", ", scores.shape)}]", nameof(critic));
        var gradient = autograd.grad([scores.sum()], [mixed], retain_graph: true, create_graph: true)[0];
        var norm = gradient.flatten(1).square().sum(1).add(NormFloor).sqrt();
        return norm.sub(1).square().mean().MoveToOuterDisposeScope();
    }

    /// <summary>The critic's loss with given interpolation weights <paramref name="epsilon"/> [N] (see <see cref="DiscriminatorLoss(IGanDiscriminator, Tensor, Tensor?, Tensor, GanLatent)"/>).</summary>
    /// <exception cref="ArgumentException">
    /// The critic has batch norm, the real and fake batches differ in shape, or a conditioned critic's fake images were
    /// not generated for the real images' labels.
    /// </exception>
    public DiscriminatorBatchLoss DiscriminatorLoss(
        IGanDiscriminator discriminator, Tensor realImages, Tensor? realLabels, Tensor fakeImages, GanLatent latent, Tensor epsilon)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(realImages);
        ArgumentNullException.ThrowIfNull(fakeImages);
        ArgumentNullException.ThrowIfNull(latent);
        ArgumentNullException.ThrowIfNull(epsilon);
        CheckNoBatchNorm(discriminator);
        if ((realLabels is null) != (latent.Labels is null) || (realLabels is not null && !SameLabels(realLabels, latent.Labels!)))
        {
            throw new ArgumentException(
                "WGAN-GP interpolates real and fake images pairwise: a conditioned critic needs the fake images generated for the real images' labels (or no labels for both)",
                nameof(latent));
        }

        using var scope = NewDisposeScope();
        var fake = fakeImages.detach();
        var realScores = discriminator.Discriminate(realImages, realLabels).Score;
        var fakeScores = discriminator.Discriminate(fake, latent.Labels).Score;
        var penalty = GradientPenalty(x => discriminator.Discriminate(x, realLabels).Score, realImages, fake, epsilon);
        return new DiscriminatorBatchLoss(
            WganObjective.CriticLoss(realScores, fakeScores).add(penalty.mul(Lambda)),
            WganObjective.WassersteinEstimate(realScores, fakeScores),
            penalty.detach().to(ScalarType.Float64)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    /// <remarks>
    /// ε is drawn from torch's global generator, [N] ~ U(0, 1). The real and fake batches must have the same shape;
    /// <paramref name="realLabels"/> and <paramref name="latent"/>'s labels go to the critic as they are and must be
    /// equal (both null for the paper's unconditional critic).
    /// </remarks>
    public DiscriminatorBatchLoss DiscriminatorLoss(IGanDiscriminator discriminator, Tensor realImages, Tensor? realLabels, Tensor fakeImages, GanLatent latent)
    {
        ArgumentNullException.ThrowIfNull(realImages);
        using var scope = NewDisposeScope();
        var epsilon = rand([realImages.shape[0]], dtype: realImages.dtype, device: realImages.device);
        return DiscriminatorLoss(discriminator, realImages, realLabels, fakeImages, latent, epsilon).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public Tensor GeneratorLoss(IGanDiscriminator discriminator, Tensor fakeImages, GanLatent latent)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(fakeImages);
        ArgumentNullException.ThrowIfNull(latent);
        using var scope = NewDisposeScope();
        return WganObjective.GeneratorLoss(discriminator.Discriminate(fakeImages, latent.Labels).Score).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    /// <remarks>Nothing: the penalty replaces WGAN's clipping.</remarks>
    public void AfterDiscriminatorStep(IEnumerable<Parameter> discriminatorParameters)
    {
    }

    private static bool SameLabels(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
    }

    private static void CheckNoBatchNorm(IGanDiscriminator discriminator)
    {
        var hasBatchNorm = discriminator is DcganDiscriminator { BatchNorm: true }
            || (discriminator is nn.Module module && module.modules().Any(m => m is BatchNorm1d or BatchNorm2d or BatchNorm3d));
        if (hasBatchNorm)
        {
            throw new ArgumentException(
                "A WGAN-GP critic must not use batch norm: the gradient penalty is per sample (build DcganDiscriminator with batchNorm: false)",
                nameof(discriminator));
        }
    }
}
