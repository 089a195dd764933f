using TorchSharp;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Reconstruction;

/// <summary>
/// Step II's feature shifts δ ~ N(0, λ Σ_y): the semantic directions ISDA samples implicitly, drawn explicitly so the
/// generator can render them. The covariances are estimates (docs/method.md §2), singular whenever a class has fewer
/// samples than features and off positive semi-definite by rounding, so each Σ is factored by a float64 symmetric
/// eigendecomposition with negative eigenvalues taken as 0, not by Cholesky.
/// </summary>
public static class FeatureShifts
{
    /// <summary>
    /// Draws <paramref name="samples"/> shifts per entry of <paramref name="labels"/>: δ [N, samples, A] with
    /// δ[i, j] ~ N(0, <paramref name="strength"/> · Σ_{labels[i]}), in <paramref name="covariances"/>' dtype and device.
    /// </summary>
    /// <param name="covariances">Per-class covariances: full [C, A, A] or diagonal [C, A] (the variances).</param>
    /// <param name="labels">Class of each image, int64 [N], in [0, C).</param>
    /// <param name="samples">Shifts per image, ≥ 1.</param>
    /// <param name="strength">λ ≥ 0.</param>
    /// <param name="generator">Source of the normal draws, on the covariances' device; torch's global generator when null.</param>
    /// <exception cref="ArgumentException">Shapes, types or label range do not fit.</exception>
    public static Tensor Sample(Tensor covariances, Tensor labels, int samples, double strength, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(covariances);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        if (!(strength >= 0) || !double.IsFinite(strength))
            throw new ArgumentOutOfRangeException(nameof(strength), strength, "The strength λ must be finite and >= 0.");
        var full = covariances.dim() == 3;
        if (!covariances.is_floating_point() || !(full ? covariances.shape[1] == covariances.shape[2] : covariances.dim() == 2))
            throw new ArgumentException($"Expected floating-point covariances [C, A, A] or variances [C, A], got {covariances.dtype} [{string.Join(", ", covariances.shape)}]", nameof(covariances));
        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1)
            throw new ArgumentException($"Expected int64 labels [N], got {labels.dtype} [{string.Join(", ", labels.shape)}]", nameof(labels));

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var numClasses = covariances.shape[0];
        var featureDim = covariances.shape[1];
        var y = labels.to(covariances.device);
        if (y.shape[0] > 0 && (y.min().item<long>() < 0 || y.max().item<long>() >= numClasses))
            throw new ArgumentException($"Labels must lie in [0, {numClasses})", nameof(labels));

        var sigma = covariances.detach().to(ScalarType.Float64);
        var noise = randn([y.shape[0], samples, featureDim], dtype: ScalarType.Float64, device: covariances.device, generator: generator);
        Tensor shifts;
        if (full)
        {
            // δ = L ε with L = V diag(√max(w, 0)), so δ's covariance is V diag(max(w, 0)) Vᵀ; rows of ε multiply Lᵀ.
            shifts = zeros_like(noise);
            foreach (var k in y.unique().output.cpu().data<long>().ToArray())
            {
                var index = y.eq(k).nonzero().flatten();
                var symmetric = (sigma[k] + sigma[k].T) / 2;
                var (values, vectors) = linalg.eigh(symmetric);
                var factor = vectors * values.clamp_min(0).sqrt().unsqueeze(0);
                shifts.index_copy_(0, index, noise.index_select(0, index).matmul(factor.T));
            }
        }
        else
        {
            shifts = noise * sigma.clamp_min(0).sqrt().index_select(0, y).unsqueeze(1);
        }
        return shifts.mul_(Math.Sqrt(strength)).to(covariances.dtype).MoveToOuterDisposeScope();
    }
}
