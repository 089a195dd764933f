using IsdaDsl.Runtime.Reconstruction;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Reconstruction;

/// <summary>The roughness measure of reconstruction.json against a written-out double loop.</summary>
public sealed class PixelRoughnessTests
{
    [Fact]
    public void Roughness_is_the_mean_absolute_neighbour_difference_down_plus_across()
    {
        using var scope = NewDisposeScope();
        var images = randn([3, 2, 5, 4], generator: new TorchSharp.torch.Generator(8));
        var x = images.to(ScalarType.Float64).data<double>().ToArray();
        double At(int n, int c, int h, int w) => x[((n * 2 + c) * 5 + h) * 4 + w];
        double down = 0, across = 0;
        for (var n = 0; n < 3; n++)
            for (var c = 0; c < 2; c++)
                for (var h = 0; h < 5; h++)
                    for (var w = 0; w < 4; w++)
                    {
                        if (h + 1 < 5) down += Math.Abs(At(n, c, h + 1, w) - At(n, c, h, w));
                        if (w + 1 < 4) across += Math.Abs(At(n, c, h, w + 1) - At(n, c, h, w));
                    }

        var expected = down / (3 * 2 * 4 * 4) + across / (3 * 2 * 5 * 3);

        Assert.Equal(expected, ReconstructionMeasures.PixelRoughness(images), 12);
        Assert.Equal(0, ReconstructionMeasures.PixelRoughness(full([1, 1, 3, 3], 0.7)));
    }
}
