namespace IsdaDsl.Runtime.Data;

/// <summary>
/// The AutoAugment operations that change pixel values but not their positions, in place on a planar uint8
/// [C, H, W] image (channel-major bytes). Each gives, byte for byte, the result of the tensor operation it replaces
/// (tests/Data/TensorAutoAugmentReference.cs): TorchVision 0.107's invert, posterize, solarize, autocontrast,
/// equalize, adjust_brightness and adjust_sharpness, and PIL's ImageEnhance.Contrast and Color as the runtime wrote
/// them with tensors. Where those compute in float32, so does this code, with the same operations in the same order,
/// so that every truncation to a byte falls the same way.
/// </summary>
internal static class AutoAugmentPixels
{
    /// <summary>v → 255 − v (TorchVision's invert on uint8).</summary>
    public static void Invert(Span<byte> image)
    {
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = (byte)(255 - image[i]);
        }
    }

    /// <summary>Keeps the <paramref name="bits"/> (1..8) high bits: TorchVision's mask (byte)−2^(8 − bits).</summary>
    public static void Posterize(Span<byte> image, int bits)
    {
        var mask = (byte)(0xFF << (8 - bits));
        for (var i = 0; i < image.Length; i++)
        {
            image[i] &= mask;
        }
    }

    /// <summary>
    /// Inverts every value at or above <paramref name="threshold"/>; TorchVision compares in float32. A threshold
    /// above 255 (the policy's 256, which TorchVision refuses) inverts nothing, as PIL.
    /// </summary>
    public static void Solarize(Span<byte> image, double threshold)
    {
        var bound = (float)threshold;
        for (var i = 0; i < image.Length; i++)
        {
            if (image[i] >= bound)
            {
                image[i] = (byte)(255 - image[i]);
            }
        }
    }

    /// <summary>
    /// TorchVision's adjust_brightness: a blend with black, so v·factor in float32, clipped and truncated. A factor
    /// of exactly 1 leaves the image alone.
    /// </summary>
    public static void Brightness(Span<byte> image, double factor)
    {
        if (factor == 1.0)
        {
            return;
        }
        Span<float> imageTerm = stackalloc float[256];
        Span<float> blackTerm = stackalloc float[256];
        BlendTerms(factor, imageTerm, blackTerm);
        Span<byte> table = stackalloc byte[256];
        for (var v = 0; v < 256; v++)
        {
            table[v] = ToByte(imageTerm[v] + blackTerm[0]);
        }
        Map(image, table);
    }

    /// <summary>
    /// TorchVision's adjust_sharpness: a blend with the degenerate image, whose interior is the image smoothed by
    /// the kernel [1 1 1; 1 5 1; 1 1 1] / 13 and rounded to bytes, and whose one-pixel border is the image itself.
    /// Images of side 2 or less are left alone. <paramref name="scratch"/> holds the degenerate image.
    /// </summary>
    /// <remarks>
    /// The smoothed value is N/13 for a whole N, never within 1/26 of a half, while libtorch's float32 convolution
    /// errs by less than 10⁻³ whatever its summation order: rounding it is exact, so whole numbers do it here.
    /// </remarks>
    public static void Sharpness(Span<byte> image, int height, int width, double factor, Span<byte> scratch)
    {
        if (height <= 2 || width <= 2)
        {
            return;
        }
        var planeLength = height * width;
        var degenerate = scratch[..image.Length];
        image.CopyTo(degenerate);
        for (var c = 0; c < image.Length / planeLength; c++)
        {
            var plane = image.Slice(c * planeLength, planeLength);
            var output = degenerate.Slice(c * planeLength, planeLength);
            for (var y = 1; y < height - 1; y++)
            {
                var above = plane.Slice((y - 1) * width, width);
                var row = plane.Slice(y * width, width);
                var below = plane.Slice((y + 1) * width, width);
                for (var x = 1; x < width - 1; x++)
                {
                    var sum = above[x - 1] + above[x] + above[x + 1] + row[x - 1] + 5 * row[x] + row[x + 1] + below[x - 1] + below[x] + below[x + 1];
                    // round(sum / 13) = floor((2·sum + 13) / 26).
                    output[y * width + x] = (byte)((2 * sum + 13) / 26);
                }
            }
        }

        Span<float> imageTerm = stackalloc float[256];
        Span<float> degenerateTerm = stackalloc float[256];
        BlendTerms(factor, imageTerm, degenerateTerm);
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = ToByte(imageTerm[image[i]] + degenerateTerm[degenerate[i]]);
        }
    }

    /// <summary>
    /// TorchVision's autocontrast, per channel: (v − min) · (255 / (max − min)) in float32, clipped and truncated; a
    /// flat channel is left alone.
    /// </summary>
    public static void AutoContrast(Span<byte> image, int height, int width)
    {
        var planeLength = height * width;
        Span<byte> table = stackalloc byte[256];
        for (var c = 0; c < image.Length / planeLength; c++)
        {
            var plane = image.Slice(c * planeLength, planeLength);
            var (low, high) = (plane[0], plane[0]);
            foreach (var v in plane)
            {
                low = Math.Min(low, v);
                high = Math.Max(high, v);
            }
            if (low == high)
            {
                continue;
            }
            var minimum = (float)low;
            var scale = 255f / (high - minimum);
            for (var v = 0; v < 256; v++)
            {
                table[v] = ToByte((v - minimum) * scale);
            }
            Map(plane, table);
        }
    }

    /// <summary>
    /// TorchVision's equalize (PIL's rule), per channel: step = (pixels − those of the highest value present) // 255;
    /// value v maps to (pixels below v + step // 2) // step, at most 255; a channel whose step is 0 is left alone.
    /// </summary>
    public static void Equalize(Span<byte> image, int height, int width)
    {
        var planeLength = height * width;
        Span<int> histogram = stackalloc int[256];
        Span<byte> table = stackalloc byte[256];
        for (var c = 0; c < image.Length / planeLength; c++)
        {
            var plane = image.Slice(c * planeLength, planeLength);
            histogram.Clear();
            foreach (var v in plane)
            {
                histogram[v]++;
            }
            var highest = 255;
            while (histogram[highest] == 0)
            {
                highest--;
            }
            var step = (planeLength - histogram[highest]) / 255;
            if (step == 0)
            {
                continue;
            }
            var below = 0;
            table[0] = 0;
            for (var v = 1; v < 256; v++)
            {
                below += histogram[v - 1];
                table[v] = (byte)Math.Min((below + step / 2) / step, 255);
            }
            Map(plane, table);
        }
    }

    /// <summary>
    /// PIL's ImageEnhance.Contrast: a blend with a flat grey at the rounded mean luminance, mean + factor·(v − mean)
    /// in float32, clipped and truncated.
    /// </summary>
    public static void Contrast(Span<byte> image, int height, int width, double factor)
    {
        var planeLength = height * width;
        var red = image[..planeLength];
        var green = image.Slice(planeLength, planeLength);
        var blue = image.Slice(2 * planeLength, planeLength);
        long sum = 0;
        for (var p = 0; p < planeLength; p++)
        {
            sum += Luminance(red[p], green[p], blue[p]);
        }
        // The tensor implementation took the float64 mean (the exact sum over the count) and truncated mean + ½.
        var mean = (float)(int)((double)sum / planeLength + 0.5);
        var scale = (float)factor;
        Span<byte> table = stackalloc byte[256];
        for (var v = 0; v < 256; v++)
        {
            table[v] = ToByte(mean + (v - mean) * scale);
        }
        Map(image, table);
    }

    /// <summary>
    /// PIL's ImageEnhance.Color: a blend of every channel with the pixel's luminance L, L + factor·(v − L) in
    /// float32, clipped and truncated.
    /// </summary>
    public static void Color(Span<byte> image, int height, int width, double factor)
    {
        var planeLength = height * width;
        var red = image[..planeLength];
        var green = image.Slice(planeLength, planeLength);
        var blue = image.Slice(2 * planeLength, planeLength);
        var scale = (float)factor;
        for (var p = 0; p < planeLength; p++)
        {
            var luminance = (float)Luminance(red[p], green[p], blue[p]);
            red[p] = ToByte(luminance + (red[p] - luminance) * scale);
            green[p] = ToByte(luminance + (green[p] - luminance) * scale);
            blue[p] = ToByte(luminance + (blue[p] - luminance) * scale);
        }
    }

    /// <summary>PIL's 8-bit luminance L = (19595 R + 38470 G + 7471 B + 2¹⁵) >> 16.</summary>
    private static int Luminance(byte red, byte green, byte blue) => (19595 * red + 38470 * green + 7471 * blue + (1 << 15)) >> 16;

    /// <summary>
    /// The two products of TorchVision's Blend(image, degenerate, ratio) = image·ratio + degenerate·(1 − ratio), each a
    /// float32 product of the byte value and the float32 ratio, for every byte value; the blend adds one of each.
    /// </summary>
    private static void BlendTerms(double ratio, Span<float> imageTerm, Span<float> degenerateTerm)
    {
        var (kept, rest) = ((float)ratio, (float)(1.0 - ratio));
        for (var v = 0; v < 256; v++)
        {
            imageTerm[v] = v * kept;
            degenerateTerm[v] = v * rest;
        }
    }

    /// <summary>libtorch's clamp(0, 255) then float → uint8 conversion, which truncates.</summary>
    private static byte ToByte(float value) => (byte)Math.Clamp(value, 0f, 255f);

    private static void Map(Span<byte> values, ReadOnlySpan<byte> table)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = table[values[i]];
        }
    }
}
