using IsdaDsl.Runtime.Persistence;
using TorchSharp;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Isda;

/// <summary>
/// Online estimate of each class's deep-feature mean and covariance, updated mini-batch by mini-batch with the
/// merge rule of the ISDA paper's Appendix A (docs/method.md §2). After any sequence of updates the state equals the plain
/// mean and the biased (divide-by-n) covariance of all features seen so far for each class.
/// </summary>
/// <remarks>
/// The state tensors are owned by the estimator: they are detached from any dispose scope active at construction
/// and freed by <see cref="Dispose"/>. The properties return the live tensors, not copies; do not dispose them.
/// </remarks>
public sealed class ClassCovarianceEstimator : IDisposable
{
    private const string Magic = "ISDA-COV";
    private const int FormatVersion = 1;

    private readonly Tensor counts;
    private readonly Tensor means;
    private readonly Tensor covariances;
    private bool disposed;

    /// <summary>Creates an estimator with zero counts, means and covariances.</summary>
    /// <param name="numClasses">Number of classes C; &gt; 0.</param>
    /// <param name="featureDim">Feature dimension A; &gt; 0.</param>
    /// <param name="kind">Whether to keep full A×A covariances or per-feature variances.</param>
    /// <param name="device">Device of the state tensors; the CPU when null.</param>
    /// <param name="dtype">Floating-point type of the means and covariances.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, the kind is unknown, or the type is not floating point.</exception>
    public ClassCovarianceEstimator(
        int numClasses,
        int featureDim,
        CovarianceKind kind,
        Device? device = null,
        ScalarType dtype = ScalarType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numClasses);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureDim);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown covariance kind.");
        }

        if (!is_floating_point(empty(0, dtype: dtype)))
        {
            throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "The estimator's type must be floating point.");
        }

        NumClasses = numClasses;
        FeatureDim = featureDim;
        Kind = kind;
        device ??= CPU;
        long[] covarianceShape = kind == CovarianceKind.Full
            ? [numClasses, featureDim, featureDim]
            : [numClasses, featureDim];

        // Detached: a dispose scope around the caller must not free state that outlives it.
        counts = zeros(numClasses, dtype: ScalarType.Float64, device: device).DetachFromDisposeScope();
        means = zeros(numClasses, featureDim, dtype: dtype, device: device).DetachFromDisposeScope();
        covariances = zeros(covarianceShape, dtype: dtype, device: device).DetachFromDisposeScope();
    }

    /// <summary>Number of classes C.</summary>
    public int NumClasses { get; }

    /// <summary>Feature dimension A.</summary>
    public int FeatureDim { get; }

    /// <summary>Whether <see cref="Covariances"/> holds full matrices or per-feature variances.</summary>
    public CovarianceKind Kind { get; }

    /// <summary>
    /// Number of features seen per class, [C], always float64 whatever the estimator's type: float32 would stop
    /// counting exactly past 2^24 samples of one class, and the counts weigh every merge.
    /// </summary>
    public Tensor Counts => Live(counts);

    /// <summary>Per-class feature means μ_k, [C, A], in the estimator's type.</summary>
    public Tensor Means => Live(means);

    /// <summary>
    /// Per-class biased covariances Σ_k: [C, A, A] for <see cref="CovarianceKind.Full"/>, or [C, A] per-feature
    /// variances (the diagonal of Σ_k) for <see cref="CovarianceKind.Diagonal"/>. Full matrices are symmetric up to rounding.
    /// A class never seen has zero mean and covariance.
    /// </summary>
    public Tensor Covariances => Live(covariances);

    /// <summary>
    /// Merges one mini-batch into the per-class statistics (Appendix A): for every class j present in the batch,
    /// with m_j samples, batch mean μ′_j and biased batch covariance Σ′_j,
    /// μ_j ← (n_j μ_j + m_j μ′_j) / (n_j + m_j),
    /// Σ_j ← (n_j Σ_j + m_j Σ′_j) / (n_j + m_j) + n_j m_j (μ_j − μ′_j)(μ_j − μ′_j)ᵀ / (n_j + m_j)²,
    /// n_j ← n_j + m_j. Classes absent from the batch keep their statistics.
    /// </summary>
    /// <param name="features">Deep features [N, A]; detached internally, so no gradient flows into the estimate.</param>
    /// <param name="labels">Class indices [N], int64, each in [0, C).</param>
    /// <exception cref="ArgumentException">Shapes, label type or label range do not match the estimator.</exception>
    public void Update(Tensor features, Tensor labels)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ValidateBatch(features, labels);
        if (features.shape[0] == 0)
        {
            return;
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();

        var x = features.detach().to(means.dtype, means.device);
        var y = labels.to(means.device);
        var batchCounts = bincount(y, minlength: NumClasses);
        var present = nonzero(batchCounts).flatten();

        // Batch statistics of the K present classes only: per-class sums by one index_add over the samples.
        var m = batchCounts.index_select(0, present).to(means.dtype);
        var m2 = m.unsqueeze(1);
        var rank = LabelRank(y);
        var batchMean = zeros(present.shape[0], FeatureDim, dtype: means.dtype, device: means.device)
            .index_add_(0, rank, x, 1)
            .div_(m2);
        var centred = x - batchMean.index_select(0, rank);

        var n = counts.index_select(0, present).to(means.dtype).unsqueeze(1);
        var total = n + m2;
        var oldMean = means.index_select(0, present);
        var delta = oldMean - batchMean;
        var newMean = (n * oldMean + m2 * batchMean) / total;
        if (Kind == CovarianceKind.Diagonal)
        {
            // n m / (n + m)²: the between-means term of the pooled variance.
            var between = n * m2 / (total * total);
            var batchVariance = zeros_like(batchMean).index_add_(0, rank, centred * centred, 1).div_(m2);
            var newVariance = (n * covariances.index_select(0, present) + m2 * batchVariance) / total
                              + between * delta * delta;
            covariances.index_copy_(0, present, newVariance);
        }
        else
        {
            MergeFullCovariances(centred, y, present, batchCounts, delta);
        }

        counts.index_add_(0, present, m.to(ScalarType.Float64), 1);
        means.index_copy_(0, present, newMean);
    }

    /// <summary>
    /// Writes the estimator's kind, sizes and state (counts, means, covariances) to a checkpoint. Values are stored
    /// as little-endian float64, so a float32 estimator round-trips exactly.
    /// </summary>
    /// <param name="writer">Destination of the checkpoint record.</param>
    public void Save(BinaryWriter writer)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(writer);
        StateRecord.WriteHeader(writer, Magic, FormatVersion);
        writer.Write((int)Kind);
        writer.Write(NumClasses);
        writer.Write(FeatureDim);
        StateRecord.WriteTensor(writer, counts);
        StateRecord.WriteTensor(writer, means);
        StateRecord.WriteTensor(writer, covariances);
    }

    /// <summary>
    /// Replaces the state with one written by <see cref="Save"/>. The whole record is read and checked before any
    /// state changes, so a failed load leaves the estimator as it was.
    /// </summary>
    /// <param name="reader">Source positioned at a record written by <see cref="Save"/>.</param>
    /// <exception cref="InvalidDataException">
    /// The record is not an estimator checkpoint, or its kind, number of classes or feature dimension differs from
    /// this estimator's (the message names which, with both values).
    /// </exception>
    public void Load(BinaryReader reader)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(reader);
        StateRecord.ReadHeader(reader, Magic, FormatVersion, "class-covariance estimator");

        var kind = (CovarianceKind)reader.ReadInt32();
        var numClasses = reader.ReadInt32();
        var featureDim = reader.ReadInt32();
        RequireSame("covariance kind", kind, Kind);
        RequireSame("number of classes", numClasses, NumClasses);
        RequireSame("feature dimension", featureDim, FeatureDim);

        using var scope = NewDisposeScope();
        var loadedCounts = ReadTensor(reader, counts.shape);
        var loadedMeans = ReadTensor(reader, means.shape);
        var loadedCovariances = ReadTensor(reader, covariances.shape);
        using var noGrad = no_grad();
        counts.copy_(loadedCounts);
        means.copy_(loadedMeans);
        covariances.copy_(loadedCovariances);
    }

    /// <summary>Frees the state tensors.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        counts.Dispose();
        means.Dispose();
        covariances.Dispose();
    }

    private Tensor Live(Tensor state)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return state;
    }

    private void ValidateBatch(Tensor features, Tensor labels)
    {
        if (features.dim() != 2 || features.shape[1] != FeatureDim)
        {
            throw new ArgumentException(
                $"Features must be [N, {FeatureDim}]; got [{string.Join(", ", features.shape)}].", nameof(features));
        }

        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != features.shape[0])
        {
            throw new ArgumentException(
                $"Labels must be int64 [{features.shape[0]}]; got {labels.dtype} [{string.Join(", ", labels.shape)}].",
                nameof(labels));
        }

        if (labels.shape[0] > 0)
        {
            var low = labels.min().item<long>();
            var high = labels.max().item<long>();
            if (low < 0 || high >= NumClasses)
            {
                throw new ArgumentException($"Labels must lie in [0, {NumClasses}); got [{low}, {high}].", nameof(labels));
            }
        }
    }

    /// <summary>Index of each sample's class among the present classes (classes sorted ascending).</summary>
    private static Tensor LabelRank(Tensor labels) => labels.unique(sorted: true, return_inverse: true).inverse_indices!;

    /// <summary>
    /// The full-covariance merge, in place on each present class's [A, A] slice of the state:
    /// Σ_k ← n/(n+m) Σ_k + U_kᵀU_k, where U_k stacks class k's centred batch features X_k scaled by 1/√(n+m) and
    /// δ = μ_k − μ′_k scaled by √(nm)/(n+m), so that U_kᵀU_k = X_kᵀX_k/(n+m) + nm/(n+m)² δδᵀ (X_kᵀX_k = m Σ′_k).
    /// One addmm_ per present class (and a scaling before it in float64), N + K rows in all (a one-hot batched form
    /// costs C·N·A², per-sample outer products need N×A×A memory), and no K×A×A gather or temporaries, whose
    /// allocation dominated a vectorised merge at A = 640. Each operation is a pass over Σ_k, so they are kept few: at
    /// (N, C, A) = (128, 100, 640) a scaling, an addmm_ and an addr_ per class took 12–14 ms, one addmm_ with δ in its
    /// factor 9.1 ms, and with the shrink as its β 8.2 ms (benchmarks/README.md, "ISDA head").
    /// The result is symmetric up to rounding (BLAS does not promise a bitwise-symmetric UᵀU).
    /// </summary>
    private void MergeFullCovariances(Tensor centred, Tensor labels, Tensor present, Tensor batchCounts, Tensor delta)
    {
        var classes = present.cpu().data<long>().ToArray();
        var batchSizes = batchCounts.index_select(0, present).cpu().data<long>().ToArray();
        var seen = counts.index_select(0, present).cpu().data<double>().ToArray();
        long samples = centred.shape[0];

        // Rows of [samples sorted by class; δ of each class], each class's samples followed by its δ, with their
        // scales: the factors U_k one after the other.
        var order = new long[samples + classes.Length];
        var scales = new double[order.Length];
        long sample = 0;
        var row = 0;
        for (var i = 0; i < classes.Length; i++)
        {
            double n = seen[i], m = batchSizes[i], total = n + m;
            for (var j = 0; j < batchSizes[i]; j++, row++)
            {
                order[row] = sample++;
                scales[row] = Math.Sqrt(1 / total);
            }

            order[row] = samples + i;
            scales[row++] = Math.Sqrt(n * m) / total;
        }

        // Scalings go into the factors: addmm_ takes float32 coefficients, too coarse for a float64 state.
        var rows = cat([centred.index_select(0, labels.argsort()), delta])
            .index_select(0, tensor(order, device: centred.device))
            .mul_(tensor(scales, dtype: centred.dtype, device: centred.device).unsqueeze(1));
        long offset = 0;
        for (var i = 0; i < classes.Length; i++)
        {
            var factor = rows.narrow(0, offset, batchSizes[i] + 1);
            offset += batchSizes[i] + 1;
            var shrink = seen[i] / (seen[i] + batchSizes[i]);
            var covariance = covariances[classes[i]];
            // A float32 state takes the shrink as addmm_'s float32 β, in the same pass; a float64 one needs its own.
            if (covariance.dtype == ScalarType.Float32)
                covariance.addmm_(factor.t(), factor, (float)shrink, 1);
            else
                covariance.mul_(shrink).addmm_(factor.t(), factor, 1, 1);
        }
    }

    private static void RequireSame<T>(string what, T found, T expected)
        where T : notnull
    {
        if (!found.Equals(expected))
        {
            throw new InvalidDataException(
                $"Estimator checkpoint {what} mismatch: the checkpoint has {found}, this estimator has {expected}.");
        }
    }

    private Tensor ReadTensor(BinaryReader reader, long[] shape) =>
        StateRecord.ReadTensor(reader, shape, "class-covariance estimator").to(means.dtype, means.device);
}
