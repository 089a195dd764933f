using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Reconstruction;

/// <summary>
/// Step II's batch layout, image-major: row i·k + j is augmentation j of image i, for the latents (each starting from
/// image i's Step I latent) and for their targets ã_ij = a_i + δ_ij alike.
/// </summary>
public static class AugmentationBatch
{
    /// <summary>Step I's latents [N, d], each repeated <paramref name="samples"/> times: [N·k, d], a new tensor.</summary>
    public static Tensor Latents(Tensor latents, int samples)
    {
        ArgumentNullException.ThrowIfNull(latents);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        if (latents.dim() != 2)
            throw new ArgumentException($"Expected latents [N, d], got [{string.Join(", ", latents.shape)}]", nameof(latents));
        return latents.detach().repeat_interleave(samples, 0);
    }

    /// <summary>The shifted targets a_i + δ_ij [N·k, A] from features [N, A] and shifts [N, k, A] (<see cref="FeatureShifts.Sample"/>).</summary>
    public static Tensor Targets(Tensor features, Tensor shifts)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(shifts);
        if (features.dim() != 2 || shifts.dim() != 3 || shifts.shape[0] != features.shape[0] || shifts.shape[2] != features.shape[1])
            throw new ArgumentException($"Expected features [N, A] and shifts [N, k, A], got [{string.Join(", ", features.shape)}] and [{string.Join(", ", shifts.shape)}]");
        using var scope = NewDisposeScope();
        return (features.unsqueeze(1) + shifts).reshape(-1, features.shape[1]).MoveToOuterDisposeScope();
    }
}
