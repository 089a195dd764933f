using static TorchSharp.torch;
using Vision = TorchSharp.torchvision.transforms.functional;

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
/// Images are uint8 [3, H, W] tensors; every result stays uint8 in 0..255 and keeps its shape.
/// From TorchVision (torchvision.transforms.functional, TorchSharp 0.107): invert, autocontrast, equalize,
/// posterize, solarize, adjust_brightness, adjust_sharpness, rotate (nearest, fill) and affine for the integer
/// translations. Written here: Contrast and Color, because TorchVision 0.107's adjust_contrast and
/// adjust_saturation blend a uint8 image with a grey image scaled to [0, 1] (on uint8 input they darken the
/// image instead of changing its contrast or saturation); ShearX / ShearY, because its affine shears about the
/// image centre and ignores the interpolation argument (always nearest), whereas the reference shears about the
/// top-left corner with PIL's bicubic interpolation (and TorchSharp's grid_sample offers no bicubic mode); the
/// shear is a one-dimensional resampling, done here on the image's bytes as PIL does it.
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
    /// Applies the CIFAR policy to <paramref name="image"/> (uint8 [3, H, W]) and returns the result, a new tensor
    /// in the current dispose scope. Draws, in order: the sub-policy, then for each step a uniform number against
    /// its probability and, when the step applies and is signed, its sign.
    /// </summary>
    internal static Tensor ApplyCifarPolicy(Tensor image, Random random)
    {
        var policy = CifarPolicy[random.Next(CifarPolicy.Count)];
        var result = image;
        foreach (var step in (ReadOnlySpan<AutoAugmentStep>)[policy.First, policy.Second])
        {
            if (random.NextDouble() < step.Probability)
            {
                var negative = IsSigned(step.Operation) && random.Next(2) == 0;
                result = Apply(result, step.Operation, step.Magnitude, negative);
            }
        }
        return ReferenceEquals(result, image) ? image.alias() : result;
    }

    /// <summary>
    /// One operation at one magnitude on a uint8 [3, H, W] image; <paramref name="negative"/> flips the sign of a
    /// signed operation's parameter. Returns a new uint8 tensor of the same shape in the current dispose scope.
    /// </summary>
    internal static Tensor Apply(Tensor image, AutoAugmentOperation operation, int magnitude, bool negative)
    {
        if (image.dtype != ScalarType.Byte || image.Dimensions != 3 || image.shape[0] != 3)
        {
            throw new ArgumentException($"AutoAugment needs a uint8 RGB image [3, H, W], got {image.dtype} [{string.Join(", ", image.shape)}].", nameof(image));
        }
        var parameter = Parameter(operation, magnitude);
        var sign = negative && IsSigned(operation) ? -1.0 : 1.0;
        var (height, width) = ((int)image.shape[1], (int)image.shape[2]);
        return operation switch
        {
            AutoAugmentOperation.Invert => Vision.invert(image),
            AutoAugmentOperation.AutoContrast => Vision.autocontrast(image),
            AutoAugmentOperation.Equalize => Vision.equalize(image),
            AutoAugmentOperation.Posterize => Vision.posterize(image, (int)parameter),
            // PIL inverts the pixels ≥ threshold; at 256 none is (TorchVision refuses thresholds above 255).
            AutoAugmentOperation.Solarize => parameter > 255 ? image.alias() : Vision.solarize(image, parameter),
            AutoAugmentOperation.Brightness => Vision.adjust_brightness(image, 1 + sign * parameter),
            AutoAugmentOperation.Sharpness => Vision.adjust_sharpness(image, 1 + sign * parameter),
            AutoAugmentOperation.Contrast => Contrast(image, 1 + sign * parameter),
            AutoAugmentOperation.Color => Color(image, 1 + sign * parameter),
            AutoAugmentOperation.Rotate => Rotate(image, (float)parameter),
            AutoAugmentOperation.TranslateX => Vision.affine(image, translate: [-PixelShift(sign * parameter * width), 0], fill: Fill),
            AutoAugmentOperation.TranslateY => Vision.affine(image, translate: [0, -PixelShift(sign * parameter * height)], fill: Fill),
            AutoAugmentOperation.ShearX => Shear(image, sign * parameter, horizontal: true),
            AutoAugmentOperation.ShearY => Shear(image, sign * parameter, horizontal: false),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
        };
    }

    /// <summary>
    /// Rotates counter-clockwise by <paramref name="degrees"/> about the image centre, nearest neighbour, uncovered
    /// corners grey: PIL's <c>rotate</c> as the reference calls it (its RGBA composite fills with grey 128).
    /// </summary>
    internal static Tensor Rotate(Tensor image, float degrees) =>
        Vision.rotate(image, degrees, InterpolationMode.Nearest, fill: [Fill]);

    /// <summary>
    /// The whole-pixel shift that the reference's nearest-neighbour affine map output(x) = input(x + offset)
    /// realises: PIL samples pixel centres, floor(x + ½ + offset) = x + floor(offset + ½).
    /// </summary>
    internal static int PixelShift(double offset) => (int)Math.Floor(offset + 0.5);

    /// <summary>PIL's 8-bit luminance L = (19595 R + 38470 G + 7471 B + 2¹⁵) >> 16, as int32 [1, H, W].</summary>
    private static Tensor Luminance(Tensor image)
    {
        using var wide = image.to(ScalarType.Int32);
        using var weights = tensor(new[] { 19595, 38470, 7471 }, [3, 1, 1], ScalarType.Int32);
        using var weighted = wide.mul(weights);
        using var sum = weighted.sum(0, keepdim: true, type: ScalarType.Int32);
        using var rounded = sum.add(1 << 15);
        return rounded.bitwise_right_shift(16);
    }

    /// <summary>
    /// PIL's Image.blend(degenerate, image, factor) on 8-bit images: degenerate + factor·(image − degenerate) in
    /// float, clipped to 0..255 and truncated.
    /// </summary>
    private static Tensor Blend(Tensor degenerate, Tensor image, double factor)
    {
        using var from = degenerate.to(ScalarType.Float32);
        using var to = image.to(ScalarType.Float32);
        using var difference = to.sub(from);
        using var blended = from.add(difference.mul(factor));
        using var clipped = blended.clamp(0, 255);
        return clipped.to(ScalarType.Byte);
    }

    /// <summary>PIL's ImageEnhance.Contrast: blend with a flat grey at the rounded mean luminance.</summary>
    private static Tensor Contrast(Tensor image, double factor)
    {
        using var luminance = Luminance(image);
        var mean = (int)(luminance.to(ScalarType.Float64).mean().item<double>() + 0.5);
        using var grey = full([1, 1, 1], mean, ScalarType.Int32);
        return Blend(grey, image, factor);
    }

    /// <summary>PIL's ImageEnhance.Color: blend with the image's own luminance in every channel.</summary>
    private static Tensor Color(Tensor image, double factor)
    {
        using var luminance = Luminance(image);
        return Blend(luminance, image, factor);
    }

    /// <summary>
    /// The reference's shear, PIL's affine map (1, c, 0, 0, 1, 0) for X or (1, 0, 0, c, 1, 0) for Y with bicubic
    /// interpolation, written out as PIL computes it: output pixel centre (x + ½, y + ½) reads the input at
    /// (x + ½ + c·(y + ½), y + ½) for X (at (x + ½, y + ½ + c·(x + ½)) for Y), in continuous coordinates where pixel
    /// i spans [i, i + 1). A point outside the image gets <see cref="Fill"/>; inside, PIL's cubic (its BICUBIC
    /// macro) interpolates the four taps around it, clamped to the border, and truncates to a byte. The other axis
    /// falls on a pixel centre, so the interpolation is one-dimensional.
    /// </summary>
    private static Tensor Shear(Tensor image, double coefficient, bool horizontal)
    {
        var (channels, height, width) = ((int)image.shape[0], (int)image.shape[1], (int)image.shape[2]);
        using var source = image.contiguous();
        var result = empty([channels, height, width], ScalarType.Byte);
        var input = source.bytes;
        var output = result.bytes;
        var (length, across) = horizontal ? (width, height) : (height, width);
        Span<int> taps = stackalloc int[4];
        for (var line = 0; line < across; line++)
        {
            // Along a row (ShearX) or a column (ShearY): the sampled coordinate is shifted by c·(line + ½).
            var shift = coefficient * (line + 0.5);
            for (var i = 0; i < length; i++)
            {
                var at = i + 0.5 + shift;
                var inside = at >= 0 && at < length;
                var position = at - 0.5;
                var first = (int)Math.Floor(position);
                var d = position - first;
                for (var k = 0; k < 4; k++)
                {
                    taps[k] = Math.Clamp(first - 1 + k, 0, length - 1);
                }
                for (var c = 0; c < channels; c++)
                {
                    var plane = c * height * width;
                    int Offset(int along) => plane + (horizontal ? line * width + along : along * width + line);
                    if (!inside)
                    {
                        output[Offset(i)] = Fill;
                        continue;
                    }
                    double v1 = input[Offset(taps[0])], v2 = input[Offset(taps[1])], v3 = input[Offset(taps[2])], v4 = input[Offset(taps[3])];
                    var value = v2 + d * (-v1 + v3 + d * (2 * (v1 - v2) + v3 - v4 + d * (-v1 + v2 - v3 + v4)));
                    output[Offset(i)] = value <= 0 ? (byte)0 : value >= 255 ? (byte)255 : (byte)value;
                }
            }
        }
        return result;
    }
}
