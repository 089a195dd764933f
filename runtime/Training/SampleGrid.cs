using System.Runtime.InteropServices;
using SkiaSharp;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Training;

/// <summary>
/// A grid of generated images as a PNG (SkiaSharp): <c>rows × columns</c> tiles separated and framed by
/// <see cref="Gap"/> black pixels, each image mapped from [−1, 1] to 0..255 by round((x + 1)/2 · 255), clamped.
/// Grey images (1 channel) become an 8-bit grey PNG, RGB images (3 channels) an RGBA one.
/// </summary>
public static class SampleGrid
{
    /// <summary>Pixels between tiles and around the grid.</summary>
    public const int Gap = 2;

    /// <summary>Maps images in [−1, 1] to bytes: round((x + 1)/2 · 255), clamped to 0..255, uint8 of the same shape.</summary>
    public static Tensor ToBytes(Tensor images)
    {
        using var scope = NewDisposeScope();
        return images.detach().to(ScalarType.Float32).add(1).mul(127.5).round().clamp(0, 255).to(ScalarType.Byte).cpu().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Writes <paramref name="images"/> (float [rows·columns, C, H, W] in [−1, 1], row by row; C = 1 or 3) to
    /// <paramref name="path"/> as a PNG of (columns·(s·W + Gap) + Gap) × (rows·(s·H + Gap) + Gap) pixels, each image
    /// enlarged <paramref name="scale"/> = s times (nearest neighbour, so no pixel is invented).
    /// </summary>
    public static void Write(string path, Tensor images, int rows, int columns, int scale = 1)
    {
        if (images.dim() != 4 || images.shape[0] != (long)rows * columns || images.shape[1] is not (1 or 3))
            throw new ArgumentException($"Expected {rows}·{columns} images [N, 1 or 3, H, W], got [{string.Join(", ", images.shape)}]", nameof(images));
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        var channels = (int)images.shape[1];
        var height = (int)images.shape[2] * scale;
        var width = (int)images.shape[3] * scale;
        using var enlarged = images.repeat_interleave(scale, 2).repeat_interleave(scale, 3);
        using var bytes = ToBytes(enlarged);
        var pixels = bytes.data<byte>().ToArray();

        var gridWidth = columns * (width + Gap) + Gap;
        var gridHeight = rows * (height + Gap) + Gap;
        var colorType = channels == 1 ? SKColorType.Gray8 : SKColorType.Rgba8888;
        var pixelBytes = channels == 1 ? 1 : 4;
        using var bitmap = new SKBitmap(new SKImageInfo(gridWidth, gridHeight, colorType, SKAlphaType.Opaque));
        var rowBytes = bitmap.RowBytes;
        var buffer = new byte[rowBytes * gridHeight];
        if (channels == 3)
        {
            for (var i = 3; i < buffer.Length; i += 4)
                buffer[i] = 255;
        }
        var plane = height * width;
        for (var n = 0; n < rows * columns; n++)
        {
            var top = Gap + n / columns * (height + Gap);
            var left = Gap + n % columns * (width + Gap);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var target = (top + y) * rowBytes + (left + x) * pixelBytes;
                    for (var c = 0; c < channels; c++)
                        buffer[target + c] = pixels[(n * channels + c) * plane + y * width + x];
                }
            }
        }
        Marshal.Copy(buffer, 0, bitmap.GetPixels(), buffer.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
