using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Reconstruction;

/// <summary>
/// The form in which the reconstruction feeds latents to the generator (Appendix C): each row standardised,
/// ẑ = (z − mean(z)) / std(z), mean and unbiased std (divide by d − 1) over the row's d entries. The objective then
/// depends on z only through its direction within the zero-mean subspace, so no norm constraint is needed.
/// </summary>
public static class LatentNormalisation
{
    /// <summary>
    /// ẑ for every row of <paramref name="latents"/> ([N, d], floating point, d ≥ 2), differentiable, in the latents'
    /// dtype and device.
    /// </summary>
    /// <exception cref="ArgumentException">Not a floating-point [N, d] tensor with d ≥ 2.</exception>
    public static Tensor Normalise(Tensor latents)
    {
        ArgumentNullException.ThrowIfNull(latents);
        if (latents.dim() != 2 || latents.shape[1] < 2 || !latents.is_floating_point())
            throw new ArgumentException($"Expected floating-point latents [N, d] with d >= 2, got {latents.dtype} [{string.Join(", ", latents.shape)}]", nameof(latents));
        using var scope = NewDisposeScope();
        var centred = latents - latents.mean([1], keepdim: true);
        return centred.div(latents.std(1, unbiased: true, keepdim: true)).MoveToOuterDisposeScope();
    }
}
