using ScottPlot;
using SkiaSharp;

namespace IsdaDsl.Tests.Cli;

/// <summary>What a rendered figure shows at a pixel, for tests that check a plotted point landed where ScottPlot maps it.</summary>
internal static class PlotPixels
{
    /// <summary>
    /// Whether a pixel within <paramref name="radius"/> of <paramref name="at"/> has <paramref name="color"/> (each
    /// channel within <paramref name="tolerance"/>): antialiasing blurs a line's edge, not its middle.
    /// </summary>
    public static bool ColorNear(SKBitmap bitmap, Pixel at, Color color, int radius = 2, int tolerance = 24)
    {
        for (var dx = -radius; dx <= radius; dx++)
        {
            for (var dy = -radius; dy <= radius; dy++)
            {
                var x = (int)Math.Round(at.X) + dx;
                var y = (int)Math.Round(at.Y) + dy;
                if (x < 0 || y < 0 || x >= bitmap.Width || y >= bitmap.Height)
                    continue;
                var pixel = bitmap.GetPixel(x, y);
                if (Math.Abs(pixel.Red - color.R) <= tolerance && Math.Abs(pixel.Green - color.G) <= tolerance && Math.Abs(pixel.Blue - color.B) <= tolerance)
                    return true;
            }
        }
        return false;
    }

    /// <summary><paramref name="color"/> at <paramref name="opacity"/> over the white background.</summary>
    public static Color OverWhite(Color color, double opacity) => new(
        (byte)Math.Round(255 + opacity * (color.R - 255)),
        (byte)Math.Round(255 + opacity * (color.G - 255)),
        (byte)Math.Round(255 + opacity * (color.B - 255)));
}
