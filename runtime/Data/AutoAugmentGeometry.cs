using System.Collections.Concurrent;
using static TorchSharp.torch;
using Vision = TorchSharp.torchvision.transforms.functional;

namespace IsdaDsl.Runtime.Data;

/// <summary>
/// The AutoAugment operations that move pixels, on a planar uint8 [C, H, W] image (channel-major bytes), in place;
/// uncovered pixels become <see cref="CifarAutoAugment.Fill"/>. Each gives, byte for byte, the result of the tensor
/// operation it replaces (tests/Data/TensorAutoAugmentReference.cs).
/// </summary>
internal static class AutoAugmentGeometry
{
    /// <summary>Where each output pixel of a rotation reads from, per (degrees, height, width); see <see cref="Rotate"/>.</summary>
    private static readonly ConcurrentDictionary<(float Degrees, int Height, int Width), int[]> RotationSources = new();

    /// <summary>Output column x reads input column x + <paramref name="shift"/> (TorchVision's affine by a whole-pixel translation).</summary>
    public static void TranslateX(Span<byte> image, int width, int shift)
    {
        for (var row = 0; row < image.Length / width; row++)
        {
            Shift(image.Slice(row * width, width), shift);
        }
    }

    /// <summary>Output row y reads input row y + <paramref name="shift"/>.</summary>
    public static void TranslateY(Span<byte> image, int height, int width, int shift)
    {
        var planeLength = height * width;
        for (var c = 0; c < image.Length / planeLength; c++)
        {
            // Rows are consecutive runs of width bytes: shifting the plane by whole rows moves them.
            Shift(image.Slice(c * planeLength, planeLength), shift * width);
        }
    }

    /// <summary>
    /// TorchVision's rotate by <paramref name="degrees"/> counter-clockwise about the image centre, nearest neighbour,
    /// grey fill: PIL's <c>rotate</c> as the reference calls it (its RGBA composite fills with grey 128).
    /// <paramref name="scratch"/> receives the rotated image before it is copied back.
    /// </summary>
    /// <remarks>
    /// Nearest-neighbour sampling only copies pixels, so the rotation is a fixed map from output pixel to input pixel
    /// (or to the fill) for each angle and size. The map is taken from TorchVision itself the first time an angle and
    /// size are used, by rotating an image whose pixels hold their own index, and kept (the policy has ten angles);
    /// after that a rotation is one gather, with no tensor.
    /// </remarks>
    public static void Rotate(Span<byte> image, int height, int width, float degrees, Span<byte> scratch)
    {
        var sources = RotationSources.GetOrAdd((degrees, height, width), key => RotationMap(key.Degrees, key.Height, key.Width));
        var planeLength = height * width;
        for (var c = 0; c < image.Length / planeLength; c++)
        {
            var plane = image.Slice(c * planeLength, planeLength);
            var output = scratch.Slice(c * planeLength, planeLength);
            for (var p = 0; p < planeLength; p++)
            {
                output[p] = sources[p] < 0 ? CifarAutoAugment.Fill : plane[sources[p]];
            }
        }
        scratch[..image.Length].CopyTo(image);
    }

    /// <summary>
    /// The reference's shear, PIL's affine map (1, c, 0, 0, 1, 0) for X or (1, 0, 0, c, 1, 0) for Y with bicubic
    /// interpolation, written out as PIL computes it: output pixel centre (x + ½, y + ½) reads the input at
    /// (x + ½ + c·(y + ½), y + ½) for X (at (x + ½, y + ½ + c·(x + ½)) for Y), in continuous coordinates where pixel
    /// i spans [i, i + 1). A point outside the image gets <see cref="CifarAutoAugment.Fill"/>; inside, PIL's cubic
    /// (its BICUBIC macro) interpolates the four taps around it, clamped to the border, and truncates to a byte. The
    /// other axis falls on a pixel centre, so the interpolation is one-dimensional. <paramref name="scratch"/>
    /// receives the sheared image before it is copied back.
    /// </summary>
    public static void Shear(Span<byte> image, int height, int width, double coefficient, bool horizontal, Span<byte> scratch)
    {
        var (planeLength, channels) = (height * width, image.Length / (height * width));
        // A line is a row (ShearX) or a column (ShearY); the interpolation runs along it.
        var (length, lines) = horizontal ? (width, height) : (height, width);
        var (lineStride, step) = horizontal ? (width, 1) : (1, width);
        for (var line = 0; line < lines; line++)
        {
            var shift = coefficient * (line + 0.5);
            for (var i = 0; i < length; i++)
            {
                var at = i + 0.5 + shift;
                var inside = at >= 0 && at < length;
                var position = at - 0.5;
                var first = (int)Math.Floor(position);
                var d = position - first;
                var (t1, t2) = (Math.Clamp(first - 1, 0, length - 1) * step, Math.Clamp(first, 0, length - 1) * step);
                var (t3, t4) = (Math.Clamp(first + 1, 0, length - 1) * step, Math.Clamp(first + 2, 0, length - 1) * step);
                for (var c = 0; c < channels; c++)
                {
                    var start = c * planeLength + line * lineStride;
                    if (!inside)
                    {
                        scratch[start + i * step] = CifarAutoAugment.Fill;
                        continue;
                    }
                    double v1 = image[start + t1], v2 = image[start + t2], v3 = image[start + t3], v4 = image[start + t4];
                    var value = v2 + d * (-v1 + v3 + d * (2 * (v1 - v2) + v3 - v4 + d * (-v1 + v2 - v3 + v4)));
                    scratch[start + i * step] = value <= 0 ? (byte)0 : value >= 255 ? (byte)255 : (byte)value;
                }
            }
        }
        scratch[..image.Length].CopyTo(image);
    }

    /// <summary>
    /// out[i] = in[i + <paramref name="shift"/>] within <paramref name="line"/>, <see cref="CifarAutoAugment.Fill"/>
    /// where that falls outside it.
    /// </summary>
    private static void Shift(Span<byte> line, int shift)
    {
        var kept = Math.Max(line.Length - Math.Abs(shift), 0);
        if (shift >= 0)
        {
            // Span copies handle the overlap.
            line.Slice(line.Length - kept, kept).CopyTo(line);
            line[kept..].Fill(CifarAutoAugment.Fill);
        }
        else
        {
            line[..kept].CopyTo(line[(line.Length - kept)..]);
            line[..(line.Length - kept)].Fill(CifarAutoAugment.Fill);
        }
    }

    /// <summary>
    /// The source pixel (row-major index in a plane) of every output pixel of TorchVision's nearest-neighbour rotation,
    /// −1 where it reads outside the image: the rotation of an image whose pixels hold index + 1, in which the zero
    /// padding outside shows as 0. TorchVision computes the sampling grid in float32 whatever the image type, so the
    /// map is the same for a uint8 image.
    /// </summary>
    private static int[] RotationMap(float degrees, int height, int width)
    {
        var planeLength = height * width;
        if (planeLength >= 1 << 24)
        {
            throw new ArgumentException($"Rotation: a {height}×{width} image has too many pixels to number them exactly in float32.");
        }
        var numbered = new float[planeLength];
        for (var p = 0; p < planeLength; p++)
        {
            numbered[p] = p + 1;
        }
        using var scope = NewDisposeScope();
        var rotated = Vision.rotate(tensor(numbered, [1, height, width]), degrees, InterpolationMode.Nearest);
        var sources = rotated.contiguous().data<float>().ToArray();
        return [.. sources.Select(source => (int)source - 1)];
    }
}
