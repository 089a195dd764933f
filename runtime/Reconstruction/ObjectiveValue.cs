using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Reconstruction;

/// <summary>
/// One evaluation of a reconstruction objective at the current latents: the scalar <paramref name="Total"/> that is
/// minimised, and its terms for the log.
/// </summary>
/// <param name="Feature">Σ ‖f(G(ẑ)) − target‖², summed over the batch and all features.</param>
/// <param name="Pixel">Σ ‖G(ẑ) − x‖² (unweighted), Step I only; null in Step II.</param>
/// <param name="Total">The minimised scalar: Feature + η · Pixel in Step I, Feature in Step II.</param>
public readonly record struct ObjectiveValue(Tensor Feature, Tensor? Pixel, Tensor Total);
