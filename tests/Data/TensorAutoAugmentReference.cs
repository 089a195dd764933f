using IsdaDsl.Runtime.Data;
using static TorchSharp.torch;
using Vision = TorchSharp.torchvision.transforms.functional;

namespace IsdaDsl.Tests.Data;

/// <summary>
/// The first, tensor-based implementation of <see cref="CifarAutoAugment"/>'s operations (TorchVision 0.107's
/// functional transforms on one uint8 [3, H, W] tensor per image), kept as the reference that the byte
/// implementation must reproduce byte for byte. Magnitudes, signs and the policy table come from the runtime;
/// only the pixel arithmetic is this class's own.
/// </summary>
internal static class TensorAutoAugmentReference
{
    /// <summary>The CIFAR policy with the runtime's draw order: sub-policy, then per step apply?, sign.</summary>
    public static Tensor ApplyCifarPolicy(Tensor image, Random random)
    {
        var policy = CifarAutoAugment.CifarPolicy[random.Next(CifarAutoAugment.CifarPolicy.Count)];
        var result = image;
        foreach (var step in (ReadOnlySpan<AutoAugmentStep>)[policy.First, policy.Second])
        {
            if (random.NextDouble() < step.Probability)
            {
                var negative = CifarAutoAugment.IsSigned(step.Operation) && random.Next(2) == 0;
                result = Apply(result, step.Operation, step.Magnitude, negative);
            }
        }
        return ReferenceEquals(result, image) ? image.alias() : result;
    }

    /// <summary>One operation on a uint8 [3, H, W] image; a new tensor in the current dispose scope.</summary>
    public static Tensor Apply(Tensor image, AutoAugmentOperation operation, int magnitude, bool negative)
    {
        var parameter = CifarAutoAugment.Parameter(operation, magnitude);
        var sign = negative && CifarAutoAugment.IsSigned(operation) ? -1.0 : 1.0;
        var (height, width) = ((int)image.shape[1], (int)image.shape[2]);
        return operation switch
        {
            AutoAugmentOperation.Invert => Vision.invert(image),
            AutoAugmentOperation.AutoContrast => Vision.autocontrast(image),
            AutoAugmentOperation.Equalize => Vision.equalize(image),
            AutoAugmentOperation.Posterize => Vision.posterize(image, (int)parameter),
            AutoAugmentOperation.Solarize => parameter > 255 ? image.alias() : Vision.solarize(image, parameter),
            AutoAugmentOperation.Brightness => Vision.adjust_brightness(image, 1 + sign * parameter),
            AutoAugmentOperation.Sharpness => Vision.adjust_sharpness(image, 1 + sign * parameter),
            AutoAugmentOperation.Contrast => Contrast(image, 1 + sign * parameter),
            AutoAugmentOperation.Color => Color(image, 1 + sign * parameter),
            AutoAugmentOperation.Rotate => Rotate(image, (float)parameter),
            AutoAugmentOperation.TranslateX => Vision.affine(image, translate: [-CifarAutoAugment.PixelShift(sign * parameter * width), 0], fill: CifarAutoAugment.Fill),
            AutoAugmentOperation.TranslateY => Vision.affine(image, translate: [0, -CifarAutoAugment.PixelShift(sign * parameter * height)], fill: CifarAutoAugment.Fill),
            AutoAugmentOperation.ShearX => Shear(image, sign * parameter, horizontal: true),
            AutoAugmentOperation.ShearY => Shear(image, sign * parameter, horizontal: false),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
        };
    }

    /// <summary>TorchVision's rotate, counter-clockwise, nearest neighbour, grey fill.</summary>
    public static Tensor Rotate(Tensor image, float degrees) =>
        Vision.rotate(image, degrees, InterpolationMode.Nearest, fill: [CifarAutoAugment.Fill]);

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

    /// <summary>degenerate + factor·(image − degenerate) in float32, clipped to 0..255 and truncated.</summary>
    private static Tensor Blend(Tensor degenerate, Tensor image, double factor)
    {
        using var from = degenerate.to(ScalarType.Float32);
        using var to = image.to(ScalarType.Float32);
        using var difference = to.sub(from);
        using var blended = from.add(difference.mul(factor));
        using var clipped = blended.clamp(0, 255);
        return clipped.to(ScalarType.Byte);
    }

    private static Tensor Contrast(Tensor image, double factor)
    {
        using var luminance = Luminance(image);
        var mean = (int)(luminance.to(ScalarType.Float64).mean().item<double>() + 0.5);
        using var grey = full([1, 1, 1], mean, ScalarType.Int32);
        return Blend(grey, image, factor);
    }

    private static Tensor Color(Tensor image, double factor)
    {
        using var luminance = Luminance(image);
        return Blend(luminance, image, factor);
    }

    /// <summary>PIL's bicubic shear about the top-left corner, as the runtime first wrote it on a tensor's bytes.</summary>
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
                        output[Offset(i)] = CifarAutoAugment.Fill;
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
