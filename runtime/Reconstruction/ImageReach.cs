using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Reconstruction;

/// <summary>
/// How much of each Step II target ã the classifier's features reach from images it is free to choose, not only from
/// images the generator makes: a projected descent on the pixels themselves, from the original image, kept in the
/// generator's range [−1, 1], over all images or only over smooth ones (enlarged from half the resolution). Where
/// images reach far more than Step II, the generator's images are what stops it; whether smooth images do tells if
/// reaching takes detail a generator of natural images does not make (docs/method.md §10.4).
/// </summary>
public static class ImageReach
{
    /// <summary>Descent iterations: the learning rate falls tenfold for the last quarter of them.</summary>
    public const int Iterations = 1000;

    /// <summary>The block size of the smooth search: images without detail finer than two pixels.</summary>
    public const int SmoothBlockSize = 2;

    /// <summary>Adam's learning rate on pixels in [−1, 1].</summary>
    public const double LearningRate = 0.05;

    /// <summary>
    /// For each row of <paramref name="targets"/> [M, A], the image x in [−1, 1] with the least ‖f(x) − ã‖² among
    /// those the descent visits, and that least value (float64 [M]): Adam on the pixels, from
    /// <paramref name="startImages"/> [M, ...] (projected back into [−1, 1] after every step), for
    /// <paramref name="iterations"/> iterations. Every value is that of an actual image in the range, so it bounds
    /// the least residual from above. <paramref name="features"/> must treat the rows of a batch independently (a
    /// network in evaluation mode does). With a <paramref name="blockSize"/> b above 1 the descent moves an image of
    /// 1/b the height and width, started at the start image's b×b block means and shown to f enlarged by bilinear
    /// interpolation: only images without detail finer than b pixels.
    /// </summary>
    public static (Tensor Images, Tensor UnreachedSquares) Search(Func<Tensor, Tensor> features, Tensor startImages, Tensor targets,
        int iterations = Iterations, int blockSize = 1)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(startImages);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        if (startImages.dim() != 4 || startImages.shape[2] % blockSize != 0 || startImages.shape[3] % blockSize != 0)
            throw new ArgumentException($"start images [N, C, H, W] with H and W multiples of {blockSize} expected, got [{string.Join(", ", startImages.shape)}]");
        if (startImages.shape[0] != targets.shape[0])
            throw new ArgumentException($"{startImages.shape[0]} start images for {targets.shape[0]} targets");
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var size = new[] { startImages.shape[2], startImages.shape[3] };
        // Bilinear interpolation of values in [−1, 1] stays in [−1, 1], so the enlarged image is in range too.
        Tensor Shown(Tensor moved) => blockSize == 1 ? moved : nn.functional.interpolate(moved, size, mode: InterpolationMode.Bilinear, align_corners: false);
        var start = startImages.detach().clamp(-1, 1);
        if (blockSize > 1)
            start = nn.functional.avg_pool2d(start, blockSize);
        var pixels = new TorchSharp.Modules.Parameter(start.clone(), requires_grad: true);
        using var optimizer = optim.Adam([pixels], LearningRate);
        var target = targets.detach();
        var best = full(targets.shape[0], double.PositiveInfinity, dtype: ScalarType.Float64, device: targets.device);
        var bestImages = startImages.detach().clone();
        for (var iteration = 0; iteration <= iterations; iteration++)
        {
            using var step = NewDisposeScope();
            optimizer.zero_grad();
            var shown = Shown(pixels);
            var residuals = features(shown).sub(target).square().sum(1);
            using (no_grad())
            {
                var better = residuals.to(ScalarType.Float64).lt(best);
                best.copy_(where(better, residuals.to(ScalarType.Float64), best));
                bestImages.copy_(where(better.view(-1, 1, 1, 1), shown, bestImages));
            }
            if (iteration == iterations)
                break;
            residuals.sum().backward();
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = iteration < iterations * 3 / 4 ? LearningRate : LearningRate / 10;
            optimizer.step();
            using (no_grad())
                pixels.clamp_(-1, 1);
        }

        return (bestImages.MoveToOuterDisposeScope(), best.MoveToOuterDisposeScope());
    }
}
