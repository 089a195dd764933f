using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Reconstruction;

/// <summary>
/// How much of a feature shift δ the generator can turn into features near a latent z, to first order: with the
/// Jacobian J = ∂f(G(ẑ))/∂z at z, the share of ‖δ‖² that the best latent move Δ no longer than z itself
/// (‖Δ‖ ≤ ‖z‖) leaves, ‖JΔ − δ‖² / ‖δ‖². Step II starts from Step I's latent and cannot do much better than this
/// while it stays near it, so the share is a floor the generator sets under Step II's error, not the descent
/// (docs/method.md §10.4).
/// </summary>
public static class GeneratorReach
{
    /// <summary>
    /// The Jacobians [N, A, d] (float64) of <paramref name="features"/> (f∘G∘normalisation, a function of the raw
    /// latents [M, d] and their labels [M] → features [M, A]) at each of <paramref name="latents"/> [N, d], by one
    /// backward pass per latent over a batch of A copies of it.
    /// </summary>
    /// <remarks>
    /// No batch of one image goes through the networks: libtorch hands a single-image convolution on one thread to
    /// its own kernels rather than oneDNN's, asks NNPACK first, and on processors NNPACK does not support prints a
    /// warning at every such convolution.
    /// </remarks>
    public static Tensor Jacobians(Func<Tensor, Tensor, Tensor> features, Tensor latents, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(latents);
        ArgumentNullException.ThrowIfNull(labels);
        using var scope = NewDisposeScope();
        long width;
        using (no_grad())
            width = features(latents.narrow(0, 0, 1).repeat(2, 1), labels.narrow(0, 0, 1).repeat(2)).shape[1];
        var jacobians = new List<Tensor>();
        for (long i = 0; i < latents.shape[0]; i++)
        {
            using var step = NewDisposeScope();
            using var grad = enable_grad();
            var copies = latents.narrow(0, i, 1).detach().repeat(width, 1).requires_grad_(true);
            // Row r of the copies' gradient is ∂f_r/∂z: copy r only feeds the r-th entry of the sum.
            features(copies, labels.narrow(0, i, 1).repeat(width)).diagonal().sum().backward();
            jacobians.Add(copies.grad!.to(ScalarType.Float64).MoveToOuterDisposeScope());
        }

        return stack(jacobians).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// For each shift δ of <paramref name="shifts"/> [k, A], min ‖JΔ − δ‖² over ‖Δ‖ ≤ <paramref name="radius"/>, for
    /// J = <paramref name="jacobian"/> [A, d]: the trust-region least-squares problem, solved on J's singular values
    /// (one decomposition for all the shifts; the minimiser is (JᵀJ + μI)⁻¹Jᵀδ with the μ ≥ 0 that puts it on the
    /// boundary, found by bisection, or μ = 0 when the least-norm solution is inside).
    /// </summary>
    public static double[] UnreachedSquares(Tensor jacobian, Tensor shifts, double radius)
    {
        ArgumentNullException.ThrowIfNull(jacobian);
        ArgumentNullException.ThrowIfNull(shifts);
        if (!(radius >= 0))
            throw new ArgumentOutOfRangeException(nameof(radius), radius, "The radius must be >= 0.");
        using var scope = NewDisposeScope();
        var (u, s, _) = linalg.svd(jacobian.to(ScalarType.Float64), fullMatrices: false);
        var sigma = s.data<double>().ToArray();
        var deltas = shifts.to(ScalarType.Float64);
        var coordinates = deltas.mm(u);
        var outside = (deltas.square().sum(1) - coordinates.square().sum(1)).data<double>().ToArray();
        return Enumerable.Range(0, (int)deltas.shape[0])
            .Select(k => Unreached(sigma, coordinates[k].data<double>().ToArray(), outside[k], radius))
            .ToArray();
    }

    /// <summary>The least residual for one shift whose coordinates along J's left singular vectors are <paramref name="c"/>.</summary>
    private static double Unreached(double[] sigma, double[] c, double outside, double radius)
    {
        // The move's and the residual's squared lengths at μ; at μ = 0 the least-norm solution, which leaves the
        // coordinates along zero singular values (and δ outside J's column space) unreached.
        double MoveSquare(double mu) => sigma.Select((v, i) => v > 0 ? v * c[i] / (v * v + mu) : 0).Sum(x => x * x);
        double Residual(double mu) =>
            Math.Max(outside, 0) + sigma.Select((v, i) => v > 0 ? mu * c[i] / (v * v + mu) : c[i]).Sum(x => x * x);

        if (MoveSquare(0) <= radius * radius)
            return Residual(0);
        double low = 0, high = 1;
        while (MoveSquare(high) > radius * radius)
            high *= 2;
        for (var iteration = 0; iteration < 200 && high - low > 1e-15 * high; iteration++)
        {
            var mid = (low + high) / 2;
            if (MoveSquare(mid) > radius * radius)
                low = mid;
            else
                high = mid;
        }

        return Residual(high);
    }
}
