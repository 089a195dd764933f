using System.Globalization;

namespace IsdaDsl.Runtime.Data;

/// <summary>
/// Per-sample training augmentation, applied in this order: pad, random crop back to H×W, horizontal flip,
/// AutoAugment (CIFAR policy, on the uint8 image), cutout (blackens a square), normalise ((pixel/255 − mean) / std
/// per channel): the order of the ISDA CIFAR script (pad, RandomCrop, RandomHorizontalFlip, CIFAR10Policy, ToTensor,
/// Cutout, Normalize).
/// </summary>
public sealed record AugmentationOptions
{
    /// <summary>Pixels added on each side before cropping (0 = none).</summary>
    public int Padding { get; init; }

    /// <summary>How the padding is filled.</summary>
    public PaddingMode PaddingMode { get; init; } = PaddingMode.Zero;

    /// <summary>Crop a random H×W window out of the padded image (each offset uniform in 0..2·Padding).</summary>
    public bool RandomCrop { get; init; }

    /// <summary>Mirror left-right with probability 1/2.</summary>
    public bool HorizontalFlip { get; init; }

    /// <summary>
    /// Side of the one square hole of Cutout (0 = none). As DeVries &amp; Taylor's code used by the ISDA script:
    /// centre uniform over the image, rows centre−size/2 .. centre+size/2 (exclusive) clipped at the borders. The
    /// ISDA script cuts before it normalises, so the hole is black: (0 − mean) / std after normalisation.
    /// </summary>
    public int CutoutSize { get; init; }

    /// <summary>
    /// AutoAugment with the CIFAR-10 policy (Cubuk et al. 2019) on each cropped, flipped image before it is
    /// normalised, as the ISDA CIFAR script's <c>--autoaugment</c> option (RGB images only).
    /// </summary>
    public bool AutoAugment { get; init; }

    /// <summary>
    /// Image folders (ImageNet) only: crop a random window of 8–100 % of the image's area with aspect ratio
    /// 3/4–4/3 and resize it (bilinear, antialiased) to the served size, as torchvision's RandomResizedCrop.
    /// </summary>
    public bool RandomResizedCrop { get; init; }

    /// <summary>
    /// Image folders (ImageNet) only, when <see cref="RandomResizedCrop"/> is off: resize the image so that its
    /// shorter side has this many pixels (bilinear, antialiased), then take the centre crop of the served size, as
    /// torchvision's Resize(256) + CenterCrop(224) (0 = none).
    /// </summary>
    public int ResizeShorterSide { get; init; }

    /// <summary>Per-channel mean of pixel/255.</summary>
    public required float[] Mean { get; init; }

    /// <summary>Per-channel standard deviation of pixel/255 (all &gt; 0).</summary>
    public required float[] Std { get; init; }

    /// <summary>
    /// The published ISDA CIFAR recipe (docs/method.md §4.4): reflect-pad 4, random crop 32, flip, its mean/std;
    /// no cutout.
    /// </summary>
    public static AugmentationOptions CifarStandard => new()
    {
        Padding = 4,
        PaddingMode = PaddingMode.Reflect,
        RandomCrop = true,
        HorizontalFlip = true,
        Mean = [125.3f / 255f, 123.0f / 255f, 113.9f / 255f],
        Std = [63.0f / 255f, 62.1f / 255f, 66.7f / 255f],
    };

    /// <summary>
    /// Fashion-MNIST: zero-pad 2 and random crop 28, no flip; mean 0.2860, std 0.3530 of the training set. Two
    /// pixels, not CIFAR's four, because the garments fill the 28-pixel frame; no flip, because every shoe of the
    /// data set points the same way. (Measured on the default run, ResNet-8 with ISDA: pad 4 + flip ended 5 epochs
    /// at 10.42 % test error, pad 2 + flip ended 6 epochs at 9.81 %.)
    /// </summary>
    public static AugmentationOptions FashionMnistStandard => new()
    {
        Padding = 2,
        PaddingMode = PaddingMode.Zero,
        RandomCrop = true,
        Mean = [0.2860f],
        Std = [0.3530f],
    };

    /// <summary>
    /// ImageNet (docs/method.md §4.4, torchvision's reference recipe): random-resized crop to 224 and flip for
    /// training; at test time (<see cref="ForTest"/>) the shorter side resized to 256 and the centre 224×224 crop;
    /// the ImageNet mean and standard deviation.
    /// </summary>
    public static AugmentationOptions ImageNetStandard => new()
    {
        RandomResizedCrop = true,
        HorizontalFlip = true,
        ResizeShorterSide = 256,
        Mean = [0.485f, 0.456f, 0.406f],
        Std = [0.229f, 0.224f, 0.225f],
    };

    /// <summary>Test time: normalise only.</summary>
    public static AugmentationOptions None(float[] mean, float[] std) => new() { Mean = mean, Std = std };

    /// <summary>
    /// The matching test-time options: the same normalisation, no augmentation; an image folder keeps its
    /// <see cref="ResizeShorterSide"/> and centre crop, which every image of varying size needs.
    /// </summary>
    public AugmentationOptions ForTest() => None(Mean, Std) with { ResizeShorterSide = ResizeShorterSide };

    /// <summary>Throws <see cref="ArgumentException"/> when these options cannot apply to images of the given shape.</summary>
    public void Validate(int channels, int height, int width)
    {
        if (Mean.Length != channels || Std.Length != channels)
        {
            Fail($"Mean has {Mean.Length} and Std {Std.Length} values; expected one per channel ({channels})");
        }
        for (var c = 0; c < channels; c++)
        {
            if (!float.IsFinite(Mean[c]))
            {
                Fail($"Mean[{c}] = {Mean[c].ToString(CultureInfo.InvariantCulture)} must be finite");
            }
            if (!(Std[c] > 0) || !float.IsFinite(Std[c]))
            {
                Fail($"Std[{c}] = {Std[c].ToString(CultureInfo.InvariantCulture)} must be finite and > 0");
            }
        }
        if (AutoAugment && channels != 3)
        {
            Fail($"AutoAugment needs RGB images (3 channels), got {channels}");
        }
        if (Padding < 0)
        {
            Fail($"Padding = {Padding} must be ≥ 0");
        }
        if (ResizeShorterSide < 0)
        {
            Fail($"ResizeShorterSide = {ResizeShorterSide} must be ≥ 0");
        }
        if (ResizeShorterSide > 0 && ResizeShorterSide < Math.Max(height, width))
        {
            Fail($"ResizeShorterSide = {ResizeShorterSide} must be at least the served size ({height}×{width}) that is cropped out of it");
        }
        if ((RandomResizedCrop || ResizeShorterSide > 0) && (Padding > 0 || RandomCrop))
        {
            Fail("RandomResizedCrop / ResizeShorterSide (image folders) and Padding / RandomCrop (fixed-size images) exclude each other");
        }
        if (CutoutSize < 0)
        {
            Fail($"CutoutSize = {CutoutSize} must be ≥ 0");
        }
        if (Padding > 0 && !RandomCrop)
        {
            // Without the crop, padding would only change the output size.
            Fail($"Padding = {Padding} needs RandomCrop (padding alone would change the image size)");
        }
        if (PaddingMode == PaddingMode.Reflect && Padding >= Math.Min(height, width))
        {
            Fail($"reflect Padding = {Padding} must be smaller than the image ({height}×{width})");
        }
    }

    private static void Fail(string message) => throw new ArgumentException("Augmentation: " + message);
}
