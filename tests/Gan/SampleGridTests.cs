using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Training;
using SkiaSharp;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Gan;

public sealed class SampleGridTests : IDisposable
{
    private readonly TemporaryDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Grey_images_map_minus_one_to_black_and_one_to_white_between_black_gaps()
    {
        using var scope = NewDisposeScope();
        // Two 2×3 images side by side: the first -1, 0, 1, 0.5, -0.5, 2 (clamped), the second all 1.
        var first = tensor(new float[] { -1, 0, 1, 0.5f, -0.5f, 2 }).view(1, 1, 2, 3);
        var second = ones(1, 1, 2, 3);
        var path = temp.Combine("grid.png");

        SampleGrid.Write(path, cat([first, second], 0), rows: 1, columns: 2);

        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal(2 * (3 + SampleGrid.Gap) + SampleGrid.Gap, bitmap.Width);
        Assert.Equal(2 + 2 * SampleGrid.Gap, bitmap.Height);
        byte Grey(int x, int y) => bitmap.GetPixel(x, y).Red;
        var g = SampleGrid.Gap;
        Assert.Equal(new byte[] { 0, 128, 255, 191, 64, 255 }, new[] { Grey(g, g), Grey(g + 1, g), Grey(g + 2, g), Grey(g, g + 1), Grey(g + 1, g + 1), Grey(g + 2, g + 1) });
        Assert.Equal(255, Grey(g + 3 + g, g));
        Assert.Equal(0, Grey(0, 0));
        Assert.Equal(0, Grey(g + 3, g));
    }

    [Fact]
    public void Rgb_images_keep_their_channels()
    {
        using var scope = NewDisposeScope();
        var rgb = cat([ones(1, 1, 1, 1), full(1, 1, 1, 1, -1f), zeros(1, 1, 1, 1)], 1);
        var path = temp.Combine("rgb.png");

        SampleGrid.Write(path, rgb, rows: 1, columns: 1);

        using var bitmap = SKBitmap.Decode(path);
        var pixel = bitmap.GetPixel(SampleGrid.Gap, SampleGrid.Gap);
        Assert.Equal((255, 0, 128, 255), (pixel.Red, pixel.Green, pixel.Blue, pixel.Alpha));
    }

    [Fact]
    public void A_grid_leaves_the_generators_batch_norm_averages_as_they_were()
    {
        var settings = GanTrainingData.Settings("cgan");
        using var pair = GanPair.Create(settings, new InputShape(1, 28, 28), GanTrainingData.Classes, CPU);
        using var scope = NewDisposeScope();
        var before = pair.Generator.state_dict().ToDictionary(e => e.Key, e => e.Value.clone());
        var noise = randn(GanTrainingData.Classes * GanTrainer.SampleColumns, settings.NoiseDim);
        var labels = arange(GanTrainingData.Classes, dtype: ScalarType.Int64).repeat_interleave(GanTrainer.SampleColumns);

        GanTrainer.WriteSamples(settings, temp.Combine("samples.png"), [pair], noise, labels, null, GanTrainingData.Classes);

        Assert.True(File.Exists(temp.Combine("samples.png")));
        var after = pair.Generator.state_dict();
        Assert.Contains(after.Keys, k => k.EndsWith("running_mean", StringComparison.Ordinal));
        foreach (var (key, value) in before)
            Assert.True(value.eq(after[key]).all().item<bool>(), $"{key} changed");
    }
}
