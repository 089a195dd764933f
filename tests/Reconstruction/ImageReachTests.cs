using IsdaDsl.Runtime.Reconstruction;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Reconstruction;

/// <summary>The image-space reach of Step II's targets, against least squares solved in closed form.</summary>
public sealed class ImageReachTests
{
    [Fact]
    public void Targets_that_images_inside_the_range_make_are_reached()
    {
        // f(x) = W·x with fewer features than pixels: every target W·x0 with x0 inside [−1, 1] is reachable exactly.
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(5);
        var weights = randn([16, 4], generator: generator).div(4);
        Tensor Features(Tensor images) => images.flatten(1).mm(weights);
        var reachable = rand([3, 1, 4, 4], generator: generator).mul(1.6).sub(0.8);
        var targets = Features(reachable);
        var start = zeros([3, 1, 4, 4]);
        var startSquares = targets.square().sum(1);

        var (images, unreached) = ImageReach.Search(Features, start, targets);

        Assert.Equal(new long[] { 3 }, unreached.shape);
        for (var i = 0; i < 3; i++)
            Assert.InRange(unreached[i].item<double>(), 0, 1e-4 * startSquares[i].item<float>());
        // The value reported is that of the image returned, and the image is in range.
        var recomputed = Features(images).sub(targets).square().sum(1);
        for (var i = 0; i < 3; i++)
            Assert.Equal(unreached[i].item<double>(), recomputed[i].item<float>(), 1e-6 + 1e-4 * unreached[i].item<double>());
        Assert.True(images.abs().max().item<float>() <= 1);
    }

    [Fact]
    public void Targets_beyond_the_range_leave_the_box_constrained_least_residual()
    {
        // f(x) = (Σ x, Σ x over the first half): the target (P + 5, P/2 + 1) lies beyond the brightest image's
        // features (P, P/2), the closest point any image in [−1, 1] reaches, so 5² + 1² stays unreached; the
        // second target (2, −3) is inside the range and is reached.
        using var scope = NewDisposeScope();
        const int pixels = 16;
        var halfMask = cat([ones(pixels / 2), zeros(pixels / 2)]);
        Tensor Features(Tensor images) => stack([images.flatten(1).sum(1), images.flatten(1).mul(halfMask).sum(1)], 1);
        var targets = tensor(new float[,] { { pixels + 5, pixels / 2 + 1 }, { 2, -3 } });

        var (_, unreached) = ImageReach.Search(Features, zeros([2, 1, 4, 4]), targets);

        Assert.Equal(26.0, unreached[0].item<double>(), 1e-3);
        Assert.InRange(unreached[1].item<double>(), 0, 1e-4);
    }

    [Fact]
    public void Smooth_images_leave_the_least_residual_over_images_enlarged_from_half_the_resolution()
    {
        // f(x) = W·x on 4×4 images, searched over 2×2 images enlarged bilinearly (a linear map U): the least residual
        // is that of least squares over W·U, solved here in float64 (the target is chosen so no pixel hits the range).
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(9);
        var weights = randn([16, 6], dtype: ScalarType.Float64, generator: generator);
        Tensor Features(Tensor images) => images.flatten(1).to(ScalarType.Float64).mm(weights);
        var enlarge = stack(Enumerable.Range(0, 4).Select(i =>
            nn.functional.interpolate(eye(4, dtype: ScalarType.Float64)[i].view(1, 1, 2, 2), [4, 4], mode: InterpolationMode.Bilinear, align_corners: false).flatten())
            .ToArray());
        var target = Features(rand([1, 1, 4, 4], dtype: ScalarType.Float64, generator: generator).mul(0.4).sub(0.2));
        var solution = linalg.lstsq(enlarge.mm(weights).t(), target.t()).Solution;
        var expected = enlarge.mm(weights).t().mm(solution).sub(target.t()).square().sum().item<double>();
        Assert.InRange(solution.abs().max().item<double>(), 0, 0.9);

        var (images, unreached) = ImageReach.Search(Features, zeros([1, 1, 4, 4], dtype: ScalarType.Float64), target, iterations: 4000, blockSize: 2);

        Assert.Equal(expected, unreached[0].item<double>(), 1e-4 * expected + 1e-8);
        Assert.True(expected > 1e-3, "the target is not reachable by smooth images, so the test tells the two searches apart");
        // The image returned is an enlarged 2×2 image: it lies in the span of the enlarged unit images.
        var flat = images.flatten(1).t();
        var coefficients = linalg.lstsq(enlarge.t(), flat).Solution;
        Assert.InRange(enlarge.t().mm(coefficients).sub(flat).abs().max().item<double>(), 0, 1e-9);
    }

    [Fact]
    public void Start_images_and_targets_must_pair_up()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => ImageReach.Search(images => images.flatten(1), zeros([2, 1, 2, 2]), zeros([3, 4])));
    }
}
