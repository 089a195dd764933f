using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Reconstruction;

/// <summary>
/// The objectives of Appendix C's two steps, built from the fixed generator and feature extractor as plain functions,
/// so the descent does not depend on how either network is stored. Both must be in evaluation mode: the descent only
/// moves the latents, and a network in training mode would update its batch-norm statistics on every evaluation.
/// </summary>
public static class ReconstructionObjectives
{
    /// <summary>
    /// Step I: Σ_i ‖f(G(ẑ_i)) − a_i‖² + η ‖G(ẑ_i) − x_i‖², squared errors summed (not averaged) over the batch.
    /// </summary>
    /// <param name="render">G: normalised latents [N, d] → images [N, ...].</param>
    /// <param name="features">f: images → features [N, A].</param>
    /// <param name="targetFeatures">a = f(x) of the real images, [N, A].</param>
    /// <param name="images">The real images x, shaped as <paramref name="render"/>'s output.</param>
    /// <param name="pixelWeight">η ≥ 0.</param>
    public static Func<Tensor, ObjectiveValue> LatentSearch(Func<Tensor, Tensor> render, Func<Tensor, Tensor> features,
        Tensor targetFeatures, Tensor images, double pixelWeight)
    {
        ArgumentNullException.ThrowIfNull(render);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targetFeatures);
        ArgumentNullException.ThrowIfNull(images);
        if (!(pixelWeight >= 0) || !double.IsFinite(pixelWeight))
            throw new ArgumentOutOfRangeException(nameof(pixelWeight), pixelWeight, "The pixel weight η must be finite and >= 0.");
        return normalised =>
        {
            var generated = render(normalised);
            var feature = features(generated).sub(targetFeatures).square().sum();
            var pixel = generated.sub(images).square().sum();
            return new ObjectiveValue(feature, pixel, feature.add(pixel, pixelWeight));
        };
    }

    /// <summary>Step II: Σ_ij ‖f(G(ẑ′_ij)) − ã_ij‖², with the targets ã of <see cref="AugmentationBatch.Targets"/>.</summary>
    /// <param name="render">G: normalised latents [N·k, d] → images.</param>
    /// <param name="features">f: images → features [N·k, A].</param>
    /// <param name="shiftedFeatures">ã, [N·k, A].</param>
    public static Func<Tensor, ObjectiveValue> Augmentation(Func<Tensor, Tensor> render, Func<Tensor, Tensor> features, Tensor shiftedFeatures)
    {
        ArgumentNullException.ThrowIfNull(render);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(shiftedFeatures);
        return normalised =>
        {
            var feature = features(render(normalised)).sub(shiftedFeatures).square().sum();
            return new ObjectiveValue(feature, null, feature);
        };
    }
}
