using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Models;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Methods;

/// <summary>
/// The Lq loss, or generalised cross-entropy (Zhang &amp; Sabuncu, NeurIPS 2018; docs/method.md §5: q = 0.4):
/// L = (1/N) Σ_i (1 − p_{i,y_i}^q) / q, with p_i = softmax(z_i) of the network's logits. As q → 0 it tends to the
/// cross-entropy −log p_t; q = 1 gives the mean absolute error 1 − p_t (up to a factor 2).
/// </summary>
/// <remarks>
/// Computed as −expm1(q log p_t) / q from log_softmax: the same value, without the cancellation of 1 − p_t^q when q
/// is small, so the loss approaches the cross-entropy smoothly instead of losing its digits.
/// </remarks>
public sealed class LqLossMethod : ITrainingMethod
{
    /// <summary>The Lq loss with exponent <paramref name="q"/> ∈ (0, 1].</summary>
    /// <exception cref="ArgumentException">q lies outside (0, 1].</exception>
    public LqLossMethod(double q)
    {
        Q = CheckQ(q);
    }

    /// <summary>The exponent q.</summary>
    public double Q { get; }

    /// <inheritdoc/>
    public StepLoss Loss(ClassifierNetwork network, Tensor images, Tensor labels, TrainingClock clock)
    {
        ArgumentNullException.ThrowIfNull(network);
        var logits = network.forward(images);
        return new StepLoss(Compute(logits, labels, Q), logits);
    }

    /// <summary>The Lq loss (1/N) Σ_i (1 − p_{i,y_i}^q) / q, a scalar.</summary>
    /// <param name="logits">Logits z, [N, C].</param>
    /// <param name="labels">Class indices y, int64 [N], each in [0, C).</param>
    /// <param name="q">Exponent q ∈ (0, 1].</param>
    public static Tensor Compute(Tensor logits, Tensor labels, double q)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        CheckQ(q);
        using var scope = NewDisposeScope();
        var logPt = FocalLossMethod.LogTargetProbability(logits, labels);
        return logPt.mul(q).expm1().mean().div(-q).MoveToOuterDisposeScope();
    }

    private static double CheckQ(double q) =>
        q > 0 && q <= 1 ? q : throw new ArgumentException($"Lq loss q must lie in (0, 1], got {q}", nameof(q));

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    /// <summary>
    /// The DSL's method "lq" as typed options: one positional parameter per parameter SpecSchema declares
    /// for it (its key in PascalCase), which is where their defaults and ranges live.
    /// </summary>
    /// <param name="Q">The DSL parameter of that name (SpecSchema).</param>
    [TrainingMethod("lq")]
    public sealed record Options(double Q) : IMethodOptions
    {
        /// <inheritdoc/>
        public ITrainingMethod Create(MethodContext context) => new LqLossMethod(Q);
    }
}
