namespace IsdaDsl.Runtime.Reconstruction;

/// <summary>
/// What one descent iteration reports (a row of the reconstruction's CSV log): the losses are evaluated at the
/// latents before the iteration's update.
/// </summary>
/// <param name="Step">Which descent.</param>
/// <param name="Iteration">0-based iteration.</param>
/// <param name="LearningRate">The iteration's learning rate.</param>
/// <param name="FeatureLoss">Σ ‖f(G(ẑ)) − target‖².</param>
/// <param name="PixelLoss">Σ ‖G(ẑ) − x‖² (Step I); null in Step II.</param>
/// <param name="TotalLoss">The minimised objective.</param>
public readonly record struct DescentIteration(ReconstructionStep Step, int Iteration, double LearningRate, double FeatureLoss, double? PixelLoss, double TotalLoss);
