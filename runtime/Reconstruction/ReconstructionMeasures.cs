using System.Globalization;
using System.Text.Json.Serialization;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Settings;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Reconstruction;

/// <summary>
/// How well a reconstruction did (docs/method.md §10), written to the run's reconstruction.json: how far Step I's
/// feature loss fell, how close the restored images are to their originals next to random samples of the same
/// generator, how often the classifier still sees the original's class, and how close Step II came to its targets.
/// Pixel distances are mean squared errors in the generator's range [−1, 1].
/// </summary>
public sealed record ReconstructionMeasures(
    [property: JsonPropertyName("step1_feature_loss_start")] double StepOneFeatureLossStart,
    [property: JsonPropertyName("step1_feature_loss_end")] double StepOneFeatureLossEnd,
    [property: JsonPropertyName("restored_pixel_mse")] double RestoredPixelMse,
    [property: JsonPropertyName("random_sample_pixel_mse")] double RandomSamplePixelMse,
    [property: JsonPropertyName("restored_accuracy")] double RestoredAccuracy,
    [property: JsonPropertyName("augmented_accuracy")] double AugmentedAccuracy,
    [property: JsonPropertyName("step2_feature_error")] double StepTwoFeatureError,
    [property: JsonPropertyName("shift_norm")] double ShiftNorm,
    [property: JsonPropertyName("step2_first_order_floor")] double StepTwoFirstOrderFloor,
    [property: JsonPropertyName("step2_image_floor")] double StepTwoImageFloor,
    [property: JsonPropertyName("image_reach_pixel_mse")] double ImageReachPixelMse,
    [property: JsonPropertyName("augmented_pixel_mse")] double AugmentedPixelMse,
    [property: JsonPropertyName("original_roughness")] double OriginalRoughness,
    [property: JsonPropertyName("augmented_roughness")] double AugmentedRoughness,
    [property: JsonPropertyName("image_reach_roughness")] double ImageReachRoughness,
    [property: JsonPropertyName("step2_smooth_image_floor")] double StepTwoSmoothImageFloor,
    [property: JsonPropertyName("smooth_image_reach_roughness")] double SmoothImageReachRoughness,
    [property: JsonPropertyName("smooth_restore_floor")] double SmoothRestoreFloor)
{
    /// <summary>Step I's feature loss at its start over its end: how many times it fell.</summary>
    [JsonPropertyName("step1_feature_loss_fall")]
    public double StepOneFeatureLossFall => StepOneFeatureLossStart / StepOneFeatureLossEnd;

    /// <summary>How many times closer the restored images are to their originals than random samples of the generator.</summary>
    [JsonPropertyName("pixel_mse_ratio")]
    public double PixelMseRatio => RandomSamplePixelMse / RestoredPixelMse;

    /// <summary>Step II's final feature error Σ‖f(G(ẑ′)) − ã‖² as a share of the shifts' size Σ‖ã − a‖².</summary>
    [JsonPropertyName("step2_relative_error")]
    public double StepTwoRelativeError => StepTwoFeatureError / ShiftNorm;

    /// <summary>
    /// The share of Σ‖ã − a‖² that no latent move as long as Step I's latent reaches to first order
    /// (<see cref="GeneratorReach"/>), summed over the shifts like <see cref="StepTwoRelativeError"/>: the floor
    /// the generator sets under it near Step I's latents.
    /// </summary>
    [JsonPropertyName("step2_first_order_unreached")]
    public double StepTwoFirstOrderUnreached => StepTwoFirstOrderFloor / ShiftNorm;

    /// <summary>
    /// The share of Σ‖ã − a‖² that a descent on the pixels themselves, from the original images, leaves
    /// (<see cref="ImageReach"/>): what the classifier allows images in range, whatever the generator. How far those
    /// images moved from their originals is <see cref="ImageReachPixelMse"/>, next to <see cref="AugmentedPixelMse"/>
    /// for Step II's images.
    /// </summary>
    [JsonPropertyName("step2_image_unreached")]
    public double StepTwoImageUnreached => StepTwoImageFloor / ShiftNorm;

    /// <summary>
    /// The same for images without detail finer than <see cref="ImageReach.SmoothBlockSize"/> pixels.
    /// </summary>
    [JsonPropertyName("step2_smooth_image_unreached")]
    public double StepTwoSmoothImageUnreached => StepTwoSmoothImageFloor / ShiftNorm;

    /// <summary>
    /// What the smooth search leaves toward the unshifted features a, once per target, as the same share: the part of
    /// <see cref="StepTwoSmoothImageUnreached"/> that smooth images miss even with no shift to reach.
    /// </summary>
    [JsonPropertyName("smooth_restore_unreached")]
    public double SmoothRestoreUnreached => SmoothRestoreFloor / ShiftNorm;

    /// <summary>
    /// How rough images [N, C, H, W] are: the mean absolute difference between horizontally neighbouring pixels plus
    /// that between vertically neighbouring ones. Natural images and a generator's are smooth next to images a descent
    /// on pixels finds, which reach their targets with fine texture (docs/method.md §10.4).
    /// </summary>
    public static double PixelRoughness(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var scope = NewDisposeScope();
        var x = images.to(ScalarType.Float64);
        long height = x.shape[2], width = x.shape[3];
        var vertical = x.narrow(2, 1, height - 1).sub(x.narrow(2, 0, height - 1)).abs().mean();
        var horizontal = x.narrow(3, 1, width - 1).sub(x.narrow(3, 0, width - 1)).abs().mean();
        return vertical.add(horizontal).item<double>();
    }

    /// <summary>
    /// The measures of a finished run from its final tensors: <paramref name="samples"/> holds
    /// <paramref name="samplesPerImage"/> random generator samples of each image's class, image-major; the start of
    /// Step I's feature loss is the first row of <paramref name="log"/>, its end the loss at the final latents;
    /// <paramref name="jacobians"/> [N, A, d] are f∘G's at Step I's latents <paramref name="latents"/> [N, d];
    /// <paramref name="imageReach"/> and <paramref name="smoothReach"/> are <see cref="ImageReach.Search"/>'s for the
    /// targets over all images and over smooth ones, <paramref name="smoothRestore"/> the smooth search's least
    /// errors toward a [N].
    /// </summary>
    internal static ReconstructionMeasures Compute(ReconstructionInputs inputs, Tensor restored, Tensor augmented, Tensor restoredFeatures,
        Tensor augmentedFeatures, Tensor samples, int samplesPerImage, ClassifierNetwork classifier, IReadOnlyList<DescentIteration> log,
        ReconstructionSettings settings, Tensor jacobians, Tensor latents, (Tensor Images, Tensor UnreachedSquares) imageReach,
        (Tensor Images, Tensor UnreachedSquares) smoothReach, Tensor smoothRestore)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        double Value(Tensor t) => t.to(ScalarType.Float64).item<double>();
        double Accuracy(Tensor features, Tensor labels) => Value(classifier.Classifier.forward(features).argmax(1).eq(labels).to(ScalarType.Float64).mean());
        var images = inputs.Images;
        // Rows [N·perImage, ...] against their originals, each repeated perImage times: the mean squared pixel error.
        double PixelMse(Tensor rows, int perImage) => Value(rows.sub(images.repeat_interleave(perImage, 0)).square().mean());
        var start = log.First(row => row.Step == ReconstructionStep.LatentSearch).FeatureLoss;
        return new ReconstructionMeasures(
            StepOneFeatureLossStart: start,
            StepOneFeatureLossEnd: Value(restoredFeatures.sub(inputs.Features).square().sum()),
            RestoredPixelMse: PixelMse(restored, 1),
            RandomSamplePixelMse: PixelMse(samples, samplesPerImage),
            RestoredAccuracy: Accuracy(restoredFeatures, inputs.Labels),
            AugmentedAccuracy: Accuracy(augmentedFeatures, inputs.Labels.repeat_interleave(settings.Samples)),
            StepTwoFeatureError: Value(augmentedFeatures.sub(inputs.ShiftedFeatures).square().sum()),
            ShiftNorm: Value(inputs.Shifts.square().sum()),
            StepTwoFirstOrderFloor: Enumerable.Range(0, (int)inputs.Shifts.shape[0]).Sum(image =>
                GeneratorReach.UnreachedSquares(jacobians[image], inputs.Shifts[image], Value(latents[image].square().sum().sqrt())).Sum()),
            StepTwoImageFloor: Value(imageReach.UnreachedSquares.sum()),
            ImageReachPixelMse: PixelMse(imageReach.Images, settings.Samples),
            AugmentedPixelMse: PixelMse(augmented, settings.Samples),
            OriginalRoughness: PixelRoughness(images),
            AugmentedRoughness: PixelRoughness(augmented),
            ImageReachRoughness: PixelRoughness(imageReach.Images),
            StepTwoSmoothImageFloor: Value(smoothReach.UnreachedSquares.sum()),
            SmoothImageReachRoughness: PixelRoughness(smoothReach.Images),
            SmoothRestoreFloor: settings.Samples * Value(smoothRestore.sum()));
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Step I feature loss {StepOneFeatureLossStart:G4} → {StepOneFeatureLossEnd:G4} ({StepOneFeatureLossFall:F0}× lower); " +
        $"pixel MSE restored {RestoredPixelMse:F4} vs random samples {RandomSamplePixelMse:F4} ({PixelMseRatio:F1}× closer); " +
        $"classifier keeps the class of {100 * RestoredAccuracy:F0} % of restored and {100 * AugmentedAccuracy:F0} % of augmented images; " +
        $"Step II feature error {100 * StepTwoRelativeError:F1} % of ‖ã − a‖² " +
        $"(beyond this generator's first-order reach near Step I's latents: {100 * StepTwoFirstOrderUnreached:F1} %; " +
        $"beyond a descent on the pixels themselves: {100 * StepTwoImageUnreached:F1} %, on smooth images: {100 * StepTwoSmoothImageUnreached:F1} %, " +
        $"which miss {100 * SmoothRestoreUnreached:F1} % with no shift to reach)");
}
