using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Reconstruction;

/// <summary>
/// How much of each Step II target ã the classifier's features reach from images it is free to choose, not only from
/// images the generator makes: a projected descent on the pixels themselves, from the original image, kept in the
/// generator's range [−1, 1]. Where this share is small and Step II's error is large, the generator is what stops
/// Step II; where it is large, no generator can do better (docs/method.md §10.4).
/// </summary>
public static class ImageReach
{
    /// <summary>Descent iterations: the learning rate falls tenfold for the last quarter of them.</summary>
    public const int Iterations = 1000;

    /// <summary>Adam's learning rate on pixels in [−1, 1].</summary>
    public const double LearningRate = 0.01;

    /// <summary>
    /// For each row of <paramref name="targets"/> [M, A], the image x in [−1, 1] with the least ‖f(x) − ã‖² among
    /// those the descent visits, and that least value (float64 [M]): Adam on the pixels, from
    /// <paramref name="startImages"/> [M, ...] (projected back into [−1, 1] after every step), for
    /// <paramref name="iterations"/> iterations. Every value is that of an actual image in the range, so it bounds
    /// the least residual from above. <paramref name="features"/> must treat the rows of a batch independently (a
    /// network in evaluation mode does).
    /// </summary>
    public static (Tensor Images, Tensor UnreachedSquares) Search(Func<Tensor, Tensor> features, Tensor startImages, Tensor targets, int iterations = Iterations)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(startImages);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);
        if (startImages.shape[0] != targets.shape[0])
            throw new ArgumentException($"{startImages.shape[0]} start images for {targets.shape[0]} targets");
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var pixels = new TorchSharp.Modules.Parameter(startImages.detach().clamp(-1, 1).clone(), requires_grad: true);
        using var optimizer = optim.Adam([pixels], LearningRate);
        var target = targets.detach();
        var best = full(targets.shape[0], double.PositiveInfinity, dtype: ScalarType.Float64, device: targets.device);
        var bestImages = pixels.detach().clone();
        var rowShape = new long[] { -1 }.Concat(Enumerable.Repeat(1L, (int)startImages.dim() - 1)).ToArray();
        for (var iteration = 0; iteration <= iterations; iteration++)
        {
            using var step = NewDisposeScope();
            optimizer.zero_grad();
            var residuals = features(pixels).sub(target).square().sum(1);
            using (no_grad())
            {
                var better = residuals.to(ScalarType.Float64).lt(best);
                best.copy_(where(better, residuals.to(ScalarType.Float64), best));
                bestImages.copy_(where(better.view(rowShape), pixels, bestImages));
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
