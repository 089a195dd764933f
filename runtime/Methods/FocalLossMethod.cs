using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Models;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Methods;

/// <summary>
/// Focal loss (Lin et al., ICCV 2017) for multi-class softmax classification (docs/method.md §5: α = 0.5, γ = 1):
/// L = (1/N) Σ_i −α (1 − p_{i,y_i})^γ log p_{i,y_i}, with p_i = softmax(z_i) of the network's logits.
/// </summary>
/// <remarks>
/// <para>
/// The paper defines α_t per class for the binary (sigmoid) detector; for softmax classification with no class
/// weights it is one constant α for every sample, so with γ = 0 the loss is exactly α times the cross-entropy, and α
/// only rescales the gradient (it matters with plain SGD because it acts like a smaller learning rate).
/// </para>
/// <para>
/// log p_t comes from log_softmax and 1 − p_t from −expm1(log p_t), accurate when p_t is close to 1. The modulating
/// factor (1 − p_t)^γ is taken of max(1 − p_t, 10⁻³⁰): for 0 &lt; γ &lt; 1 its derivative is infinite where p_t rounds to
/// exactly 1, and the floor keeps the gradient finite there, changing the loss only where −log p_t &lt; 10⁻³⁰ anyway.
/// </para>
/// </remarks>
public sealed class FocalLossMethod : ITrainingMethod
{
    private const double Floor = 1e-30;

    /// <summary>Focal loss with weight <paramref name="alpha"/> ∈ (0, 1] and focusing parameter <paramref name="gamma"/> ≥ 0.</summary>
    /// <exception cref="ArgumentException">A parameter lies outside its range.</exception>
    public FocalLossMethod(double alpha, double gamma)
    {
        Alpha = alpha;
        Gamma = gamma;
        Check(alpha, gamma);
    }

    /// <summary>The constant weight α.</summary>
    public double Alpha { get; }

    /// <summary>The focusing parameter γ (0 gives α · cross-entropy).</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public StepLoss Loss(ClassifierNetwork network, Tensor images, Tensor labels, TrainingClock clock)
    {
        ArgumentNullException.ThrowIfNull(network);
        var logits = network.forward(images);
        return new StepLoss(Compute(logits, labels, Alpha, Gamma), logits);
    }

    /// <summary>The focal loss (1/N) Σ_i −α (1 − p_{i,y_i})^γ log p_{i,y_i}, a scalar.</summary>
    /// <param name="logits">Logits z, [N, C].</param>
    /// <param name="labels">Class indices y, int64 [N], each in [0, C).</param>
    /// <param name="alpha">Weight α ∈ (0, 1].</param>
    /// <param name="gamma">Focusing parameter γ ≥ 0.</param>
    public static Tensor Compute(Tensor logits, Tensor labels, double alpha, double gamma)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        Check(alpha, gamma);
        using var scope = NewDisposeScope();
        var logPt = LogTargetProbability(logits, labels);
        var modulation = gamma == 0 ? ones_like(logPt) : logPt.expm1().neg().clamp_min(Floor).pow(gamma);
        return (modulation * logPt).mean().mul(-alpha).MoveToOuterDisposeScope();
    }

    /// <summary>log p_{i,y_i} = log_softmax(z_i)[y_i], [N].</summary>
    internal static Tensor LogTargetProbability(Tensor logits, Tensor labels)
    {
        if (logits.dim() != 2 || labels.dtype != ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != logits.shape[0])
        {
            throw new ArgumentException(
                $"Expected logits [N, C] and int64 labels [N]; got [{string.Join(", ", logits.shape)}] and {labels.dtype} [{string.Join(", ", labels.shape)}].");
        }

        return logits.log_softmax(1).gather(1, labels.unsqueeze(1)).squeeze(1);
    }

    private static void Check(double alpha, double gamma)
    {
        if (!(alpha > 0 && alpha <= 1))
            throw new ArgumentException($"Focal loss alpha must lie in (0, 1], got {alpha}", nameof(alpha));
        if (!(gamma >= 0) || !double.IsFinite(gamma))
            throw new ArgumentException($"Focal loss gamma must be a finite number ≥ 0, got {gamma}", nameof(gamma));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    /// <summary>
    /// The DSL's method "focal" as typed options: one positional parameter per parameter SpecSchema declares
    /// for it (its key in PascalCase), which is where their defaults and ranges live.
    /// </summary>
    /// <param name="Alpha">The DSL parameter of that name (SpecSchema).</param>
    /// <param name="Gamma">The DSL parameter of that name (SpecSchema).</param>
    [TrainingMethod("focal")]
    public sealed record Options(double Alpha, double Gamma) : IMethodOptions
    {
        /// <inheritdoc/>
        public ITrainingMethod Create(MethodContext context) => new FocalLossMethod(Alpha, Gamma);
    }
}
