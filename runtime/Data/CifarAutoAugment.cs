namespace IsdaDsl.Runtime.Data;

/// <summary>The image operations of AutoAugment's search space that its CIFAR-10 policy uses, and ShearX (which only its ImageNet and SVHN policies use).</summary>
internal enum AutoAugmentOperation
{
    Invert,
    Contrast,
    Rotate,
    TranslateX,
    TranslateY,
    Sharpness,
    ShearX,
    ShearY,
    AutoContrast,
    Equalize,
    Posterize,
    Color,
    Brightness,
    Solarize,
}

/// <summary>One (operation, probability, magnitude) pair of a sub-policy; magnitudes are 0..9.</summary>
internal readonly record struct AutoAugmentStep(AutoAugmentOperation Operation, double Probability, int Magnitude);

/// <summary>Two steps applied in order, each with its own probability.</summary>
internal readonly record struct AutoAugmentSubPolicy(AutoAugmentStep First, AutoAugmentStep Second);

/// <summary>
/// AutoAugment with the CIFAR-10 policy of Cubuk et al. (CVPR 2019): for every image one of 25 sub-policies is
/// picked uniformly, and each of its two operations is applied with its probability. Magnitudes 0..9 map to
/// parameters as in the widely used PIL implementation that the ISDA CIFAR script ships (autoaugment.py,
/// <c>CIFAR10Policy</c>): shear 0..0.3, translation 0..150/331 of the image side, rotation 0..30°, colour /
/// contrast / sharpness / brightness factor 1 ± 0..0.9, posterize 8..4 bits, solarize threshold 256..0; grey
/// (128) fills what a geometric operation uncovers; shear, translation and the four enhancements take a random
/// sign, rotation is always counter-clockwise (as that implementation does).
/// </summary>
/// <remarks>
/// Images are uint8 [3, H, W] as planar bytes (channel-major), changed in place; every operation keeps the shape.
/// The operations first ran as TorchVision's functional transforms (TorchSharp 0.107) on one tensor per image:
/// invert, autocontrast, equalize, posterize, solarize, adjust_brightness, adjust_sharpness, rotate (nearest, fill)
/// and affine for the integer translations. They now run on the bytes (<see cref="AutoAugmentPixels"/>,
/// <see cref="AutoAugmentGeometry"/>), tested to give the same bytes, at a fraction of the cost of tensors as small
/// as one CIFAR image. Contrast and Color were always written here, because TorchVision 0.107's adjust_contrast and
/// adjust_saturation blend a uint8 image with a grey image scaled to [0, 1] (on uint8 input they darken the image
/// instead of changing its contrast or saturation); so were ShearX / ShearY, because its affine shears about the
/// image centre and ignores the interpolation argument (always nearest), whereas the reference shears about the
/// top-left corner with PIL's bicubic interpolation.
/// </remarks>
internal static class CifarAutoAugment
{
    /// <summary>Grey that fills the area a rotation, shear or translation uncovers.</summary>
    internal const byte Fill = 128;

    private static AutoAugmentSubPolicy Sub(AutoAugmentOperation first, double p1, int m1, AutoAugmentOperation second, double p2, int m2) =>
        new(new AutoAugmentStep(first, p1, m1), new AutoAugmentStep(second, p2, m2));

    /// <summary>
    /// The 25 sub-policies of the CIFAR-10 policy (Cubuk et al., appendix table; the same table as torchvision's
    /// <c>AutoAugmentPolicy.CIFAR10</c>). The copy of autoaugment.py in the ISDA repository gives the second step of
    /// sub-policy 17 (Equalize, Equalize) probability 0.8; the paper and the other implementations give 0.6, used here.
    /// </summary>
    internal static IReadOnlyList<AutoAugmentSubPolicy> CifarPolicy { get; } =
    [
        Sub(AutoAugmentOperation.Invert, 0.1, 7, AutoAugmentOperation.Contrast, 0.2, 6),
        Sub(AutoAugmentOperation.Rotate, 0.7, 2, AutoAugmentOperation.TranslateX, 0.3, 9),
        Sub(AutoAugmentOperation.Sharpness, 0.8, 1, AutoAugmentOperation.Sharpness, 0.9, 3),
        Sub(AutoAugmentOperation.ShearY, 0.5, 8, AutoAugmentOperation.TranslateY, 0.7, 9),
        Sub(AutoAugmentOperation.AutoContrast, 0.5, 8, AutoAugmentOperation.Equalize, 0.9, 2),

        Sub(AutoAugmentOperation.ShearY, 0.2, 7, AutoAugmentOperation.Posterize, 0.3, 7),
        Sub(AutoAugmentOperation.Color, 0.4, 3, AutoAugmentOperation.Brightness, 0.6, 7),
        Sub(AutoAugmentOperation.Sharpness, 0.3, 9, AutoAugmentOperation.Brightness, 0.7, 9),
        Sub(AutoAugmentOperation.Equalize, 0.6, 5, AutoAugmentOperation.Equalize, 0.5, 1),
        Sub(AutoAugmentOperation.Contrast, 0.6, 7, AutoAugmentOperation.Sharpness, 0.6, 5),

        Sub(AutoAugmentOperation.Color, 0.7, 7, AutoAugmentOperation.TranslateX, 0.5, 8),
        Sub(AutoAugmentOperation.Equalize, 0.3, 7, AutoAugmentOperation.AutoContrast, 0.4, 8),
        Sub(AutoAugmentOperation.TranslateY, 0.4, 3, AutoAugmentOperation.Sharpness, 0.2, 6),
        Sub(AutoAugmentOperation.Brightness, 0.9, 6, AutoAugmentOperation.Color, 0.2, 8),
        Sub(AutoAugmentOperation.Solarize, 0.5, 2, AutoAugmentOperation.Invert, 0.0, 3),

        Sub(AutoAugmentOperation.Equalize, 0.2, 0, AutoAugmentOperation.AutoContrast, 0.6, 0),
        Sub(AutoAugmentOperation.Equalize, 0.2, 8, AutoAugmentOperation.Equalize, 0.6, 4),
        Sub(AutoAugmentOperation.Color, 0.9, 9, AutoAugmentOperation.Equalize, 0.6, 6),
        Sub(AutoAugmentOperation.AutoContrast, 0.8, 4, AutoAugmentOperation.Solarize, 0.2, 8),
        Sub(AutoAugmentOperation.Brightness, 0.1, 3, AutoAugmentOperation.Color, 0.7, 0),

        Sub(AutoAugmentOperation.Solarize, 0.4, 5, AutoAugmentOperation.AutoContrast, 0.9, 3),
        Sub(AutoAugmentOperation.TranslateY, 0.9, 9, AutoAugmentOperation.TranslateY, 0.7, 9),
        Sub(AutoAugmentOperation.AutoContrast, 0.9, 2, AutoAugmentOperation.Solarize, 0.8, 3),
        Sub(AutoAugmentOperation.Equalize, 0.8, 8, AutoAugmentOperation.Invert, 0.1, 3),
        Sub(AutoAugmentOperation.TranslateY, 0.7, 9, AutoAugmentOperation.AutoContrast, 0.9, 1),
    ];

    /// <summary>Whether the operation draws a random sign for its parameter when it is applied.</summary>
    internal static bool IsSigned(AutoAugmentOperation operation) => operation is
        AutoAugmentOperation.ShearX or AutoAugmentOperation.ShearY or AutoAugmentOperation.TranslateX or AutoAugmentOperation.TranslateY or
        AutoAugmentOperation.Color or AutoAugmentOperation.Contrast or AutoAugmentOperation.Sharpness or AutoAugmentOperation.Brightness;

    /// <summary>
    /// The unsigned parameter of <paramref name="operation"/> at <paramref name="magnitude"/> (0..9): the tenth
    /// point of the reference's <c>linspace</c> ranges. Translations are a fraction of the image side; the
    /// enhancements' value is the offset of the factor from 1; posterize gives bits, solarize a threshold.
    /// </summary>
    internal static double Parameter(AutoAugmentOperation operation, int magnitude)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(magnitude);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(magnitude, 9);
        var t = magnitude / 9.0;
        return operation switch
        {
            AutoAugmentOperation.ShearX or AutoAugmentOperation.ShearY => 0.3 * t,
            AutoAugmentOperation.TranslateX or AutoAugmentOperation.TranslateY => 150.0 / 331.0 * t,
            AutoAugmentOperation.Rotate => 30 * t,
            AutoAugmentOperation.Color or AutoAugmentOperation.Contrast or AutoAugmentOperation.Sharpness or AutoAugmentOperation.Brightness => 0.9 * t,
            // np.round(np.linspace(8, 4, 10)): 8 8 7 7 6 6 5 5 4 4 (no value falls on a half).
            AutoAugmentOperation.Posterize => Math.Round(8 - 4 * t),
            AutoAugmentOperation.Solarize => 256 - 256 * t,
            _ => 0,
        };
    }

    /// <summary>
    /// Applies the CIFAR policy in place to <paramref name="image"/>, a uint8 [3, H, W] image as planar bytes; the
    /// geometric operations and Sharpness write into <paramref name="scratch"/> (at least as long as the image) on the
    /// way. Draws, in order: the sub-policy, then for each step a uniform number against its probability and, when
    /// the step applies and is signed, its sign.
    /// </summary>
    internal static void ApplyCifarPolicy(Span<byte> image, int height, int width, Random random, Span<byte> scratch)
    {
        var policy = CifarPolicy[random.Next(CifarPolicy.Count)];
        foreach (var step in (ReadOnlySpan<AutoAugmentStep>)[policy.First, policy.Second])
        {
            if (random.NextDouble() < step.Probability)
            {
                var negative = IsSigned(step.Operation) && random.Next(2) == 0;
                Apply(image, height, width, step.Operation, step.Magnitude, negative, scratch);
            }
        }
    }

    /// <summary>
    /// One operation at one magnitude, in place on a uint8 [3, H, W] image as planar bytes; <paramref name="negative"/>
    /// flips the sign of a signed operation's parameter. <paramref name="scratch"/>, at least as long as the image,
    /// is overwritten.
    /// </summary>
    internal static void Apply(Span<byte> image, int height, int width, AutoAugmentOperation operation, int magnitude, bool negative, Span<byte> scratch)
    {
        if (height < 1 || width < 1 || image.Length != 3 * height * width)
        {
            throw new ArgumentException($"AutoAugment needs a uint8 RGB image [3, {height}, {width}] of {3L * height * width} bytes, got {image.Length}.", nameof(image));
        }
        if (scratch.Length < image.Length)
        {
            throw new ArgumentException($"AutoAugment's scratch holds {scratch.Length} bytes, fewer than the image's {image.Length}.", nameof(scratch));
        }
        var parameter = Parameter(operation, magnitude);
        var sign = negative && IsSigned(operation) ? -1.0 : 1.0;
        switch (operation)
        {
            case AutoAugmentOperation.Invert:
                AutoAugmentPixels.Invert(image);
                break;
            case AutoAugmentOperation.AutoContrast:
                AutoAugmentPixels.AutoContrast(image, height, width);
                break;
            case AutoAugmentOperation.Equalize:
                AutoAugmentPixels.Equalize(image, height, width);
                break;
            case AutoAugmentOperation.Posterize:
                AutoAugmentPixels.Posterize(image, (int)parameter);
                break;
            case AutoAugmentOperation.Solarize:
                AutoAugmentPixels.Solarize(image, parameter);
                break;
            case AutoAugmentOperation.Brightness:
                AutoAugmentPixels.Brightness(image, 1 + sign * parameter);
                break;
            case AutoAugmentOperation.Sharpness:
                AutoAugmentPixels.Sharpness(image, height, width, 1 + sign * parameter, scratch);
                break;
            case AutoAugmentOperation.Contrast:
                AutoAugmentPixels.Contrast(image, height, width, 1 + sign * parameter);
                break;
            case AutoAugmentOperation.Color:
                AutoAugmentPixels.Color(image, height, width, 1 + sign * parameter);
                break;
            case AutoAugmentOperation.Rotate:
                AutoAugmentGeometry.Rotate(image, height, width, (float)parameter, scratch);
                break;
            case AutoAugmentOperation.TranslateX:
                AutoAugmentGeometry.TranslateX(image, width, PixelShift(sign * parameter * width));
                break;
            case AutoAugmentOperation.TranslateY:
                AutoAugmentGeometry.TranslateY(image, height, width, PixelShift(sign * parameter * height));
                break;
            case AutoAugmentOperation.ShearX:
                AutoAugmentGeometry.Shear(image, height, width, sign * parameter, horizontal: true, scratch);
                break;
            case AutoAugmentOperation.ShearY:
                AutoAugmentGeometry.Shear(image, height, width, sign * parameter, horizontal: false, scratch);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
        }
    }

    /// <summary>
    /// The whole-pixel shift that the reference's nearest-neighbour affine map output(x) = input(x + offset)
    /// realises: PIL samples pixel centres, floor(x + ½ + offset) = x + floor(offset + ½).
    /// </summary>
    internal static int PixelShift(double offset) => (int)Math.Floor(offset + 0.5);
}
