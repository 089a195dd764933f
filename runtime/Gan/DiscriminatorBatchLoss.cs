using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Gan;

/// <summary>
/// The discriminator's (critic's) loss for one batch and the quantities reported with it (docs/method.md §9.3). The
/// reported quantities are detached float64 scalars left on the device, so that the trainer reads them back with the
/// losses, once every few steps, rather than synchronising with the device for each.
/// </summary>
/// <param name="Loss">The scalar the discriminator's optimiser minimises.</param>
/// <param name="WassersteinEstimate">
/// For WGAN and WGAN-GP, mean D(real) − mean D(fake), the critic's estimate of the Wasserstein-1 distance; null for
/// the other objectives.
/// </param>
/// <param name="GradientPenalty">
/// For WGAN-GP, the penalty mean (‖∇ₓD(x̂)‖₂ − 1)² before it is multiplied by λ; null for the other objectives.
/// </param>
public sealed record DiscriminatorBatchLoss(Tensor Loss, Tensor? WassersteinEstimate = null, Tensor? GradientPenalty = null)
{
    /// <summary>Moves the loss and the reported quantities to the dispose scope outside the current one.</summary>
    public DiscriminatorBatchLoss MoveToOuterDisposeScope() =>
        new(Loss.MoveToOuterDisposeScope(), WassersteinEstimate?.MoveToOuterDisposeScope(), GradientPenalty?.MoveToOuterDisposeScope());
}
