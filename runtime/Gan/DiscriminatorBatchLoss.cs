using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Gan;

/// <summary>
/// The discriminator's (critic's) loss for one batch and the quantities reported with it (docs/method.md §9.3). The
/// reported quantities are read back as numbers, one device synchronisation each per batch.
/// </summary>
/// <param name="Loss">The scalar the discriminator's optimiser minimises.</param>
/// <param name="WassersteinEstimate">
/// For WGAN and WGAN-GP, mean D(real) − mean D(fake), the critic's estimate of the Wasserstein-1 distance; null for
/// the other objectives.
/// </param>
/// <param name="GradientPenalty">
/// For WGAN-GP, the penalty mean (‖∇ₓD(x̂)‖₂ − 1)² before it is multiplied by λ; null for the other objectives.
/// </param>
public sealed record DiscriminatorBatchLoss(Tensor Loss, double? WassersteinEstimate = null, double? GradientPenalty = null);
