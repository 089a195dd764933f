using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Reconstruction;

/// <summary>
/// What a reconstruction run draws from its seed and computes before its descents (docs/method.md §10), on the run's
/// device: the chosen images with their indices in the split and labels, Step I's start latents, the images' deep
/// features a, the shifts δ [N, k, A] and the targets ã = a + δ [N·k, A] (image-major), and the noise of the random
/// samples the restored images are compared with.
/// </summary>
internal sealed record ReconstructionInputs(
    Tensor Indices,
    Tensor Images,
    Tensor Labels,
    Tensor StartLatents,
    Tensor Features,
    Tensor Shifts,
    Tensor ShiftedFeatures,
    Tensor RandomNoise);
