using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Isda;

/// <summary>
/// The ISDA surrogate loss L∞ (docs/method.md §1): softmax cross-entropy on augmented logits
/// z̃_ij = z_ij + (λ/2) s_{y_i, j}, with s_{k,j} = (w_j − w_k)ᵀ Σ_k (w_j − w_k).
/// </summary>
/// <remarks>
/// <para>
/// A static class rather than a module: the loss has no parameters or state of its own (the classifier is the
/// network's, the covariances the estimator's), so a module would only add registration and disposal to reason about.
/// </para>
/// <para>
/// Cost: s is computed only for the K classes present in the batch, s_k = rowsum(P_k ⊙ D_k) with D_k = W − 1 w_kᵀ
/// and P_k = D_k Σ_k: K·C·A² multiply-adds (one [K, C, A]×[K, A, A] batched product, the head's bound), never an
/// N×C×C or N×A×A tensor. Large covariances are not gathered for the batched product but multiplied where they lie,
/// a run of consecutive classes at a time: gathering them all would allocate K×A×A (118 MB at K = 72, A = 640)
/// every step, and paging that in cost more than the product. The gradient uses ∂(dᵀΣd)/∂d = 2Σd, which holds because covariances are symmetric:
/// backward (<see cref="QuadraticFormGradient"/>) reuses the products P instead of forming them again. The resulting first derivatives are exact for
/// symmetric Σ (<see cref="ClassCovarianceEstimator"/>'s are, up to rounding, which moves the gradient only by
/// rounding); second derivatives (double backward) through s are not supported. The diagonal variant expands the
/// square into three [K, A]×[A, C] products, so it needs no K×C×A tensor at all.
/// </para>
/// <para>
/// The covariances are detached: no gradient flows into them. Gradients flow into the features, W (which enters
/// both z and s) and b.
/// </para>
/// </remarks>
public static class IsdaLoss
{
    /// <summary>Returns the augmented logits z̃ [N, C] = a Wᵀ + b + (λ/2) s_{y_i, ·}.</summary>
    /// <param name="features">Deep features a, [N, A].</param>
    /// <param name="weight">Classifier weight W, [C, A].</param>
    /// <param name="bias">Classifier bias b, [C], or null for a classifier without bias.</param>
    /// <param name="labels">Class indices y, int64 [N], each in [0, C).</param>
    /// <param name="covariances">Class covariances: [C, A, A] for <see cref="CovarianceKind.Full"/>, per-feature variances [C, A] for <see cref="CovarianceKind.Diagonal"/>. Must be symmetric when full.</param>
    /// <param name="kind">Which form <paramref name="covariances"/> has.</param>
    /// <param name="lambda">Augmentation strength λ ≥ 0 (see <see cref="LambdaSchedule"/>).</param>
    /// <exception cref="ArgumentException">Shapes or types are inconsistent, or λ is negative or not finite.</exception>
    public static Tensor AugmentedLogits(
        Tensor features,
        Tensor weight,
        Tensor? bias,
        Tensor labels,
        Tensor covariances,
        CovarianceKind kind,
        double lambda)
    {
        Validate(features, weight, bias, labels, covariances, kind, lambda);
        using var scope = NewDisposeScope();
        var logits = nn.functional.linear(features, weight, bias);
        if (lambda == 0 || features.shape[0] == 0)
        {
            // s is multiplied by zero: skip its K·C·A² cost (the whole of epoch 0 under the schedule).
            return logits.MoveToOuterDisposeScope();
        }

        var (present, rank, _) = labels.unique(sorted: true, return_inverse: true);
        var s = kind == CovarianceKind.Full
            ? FullQuadraticForms(weight, present, covariances.detach())
            : DiagonalQuadraticForms(
                weight, present, covariances.detach().index_select(0, present).to(features.dtype, features.device));
        return logits.add(s.index_select(0, rank!), alpha: 0.5 * lambda).MoveToOuterDisposeScope();
    }

    /// <summary>Augmented logits with the weight and bias of <paramref name="classifier"/> and the estimator's covariances.</summary>
    /// <param name="features">Deep features a, [N, A].</param>
    /// <param name="classifier">The final linear layer (C outputs, A inputs).</param>
    /// <param name="labels">Class indices y, int64 [N].</param>
    /// <param name="estimator">Supplies Σ and its kind.</param>
    /// <param name="lambda">Augmentation strength λ ≥ 0.</param>
    public static Tensor AugmentedLogits(
        Tensor features, Linear classifier, Tensor labels, ClassCovarianceEstimator estimator, double lambda)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(estimator);
        return AugmentedLogits(
            features, classifier.weight!, classifier.bias, labels, estimator.Covariances, estimator.Kind, lambda);
    }

    /// <summary>Returns the ISDA loss L∞: mean cross-entropy of the augmented logits against the labels, a scalar.</summary>
    /// <param name="features">Deep features a, [N, A].</param>
    /// <param name="weight">Classifier weight W, [C, A].</param>
    /// <param name="bias">Classifier bias b, [C], or null.</param>
    /// <param name="labels">Class indices y, int64 [N].</param>
    /// <param name="covariances">[C, A, A] (Full, symmetric) or [C, A] (Diagonal) class covariances.</param>
    /// <param name="kind">Which form <paramref name="covariances"/> has.</param>
    /// <param name="lambda">Augmentation strength λ ≥ 0.</param>
    public static Tensor Compute(
        Tensor features,
        Tensor weight,
        Tensor? bias,
        Tensor labels,
        Tensor covariances,
        CovarianceKind kind,
        double lambda)
    {
        using var scope = NewDisposeScope();
        var augmented = AugmentedLogits(features, weight, bias, labels, covariances, kind, lambda);
        return nn.functional.cross_entropy(augmented, labels).MoveToOuterDisposeScope();
    }

    /// <summary>The ISDA loss with <paramref name="classifier"/>'s weight and bias and the covariances of <paramref name="estimator"/>.</summary>
    /// <param name="features">Deep features a, [N, A].</param>
    /// <param name="classifier">The final linear layer (C outputs, A inputs).</param>
    /// <param name="labels">Class indices y, int64 [N].</param>
    /// <param name="estimator">Supplies Σ and its kind.</param>
    /// <param name="lambda">Augmentation strength λ ≥ 0.</param>
    public static Tensor Compute(
        Tensor features, Linear classifier, Tensor labels, ClassCovarianceEstimator estimator, double lambda)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(estimator);
        return Compute(features, classifier.weight!, classifier.bias, labels, estimator.Covariances, estimator.Kind, lambda);
    }

    /// <summary>
    /// The most covariance bytes gathered for one batched product: the K present classes' matrices are 118 MB at
    /// K = 72, A = 640, and an allocation above glibc's largest mmap threshold (32 MiB) gets fresh pages every step.
    /// Larger heads multiply the covariances where they lie instead (<see cref="ProductsInPlace"/>).
    /// </summary>
    private const long GatherLimitBytes = 32L << 20;

    /// <summary>
    /// s [K, C] for the present classes <paramref name="present"/> [K], from all C covariances [C, A, A]: one batched
    /// product on the gathered covariances up to <paramref name="gatherLimitBytes"/>, above it products in place.
    /// </summary>
    internal static Tensor FullQuadraticForms(Tensor weight, Tensor present, Tensor covariances, long gatherLimitBytes = GatherLimitBytes)
    {
        Tensor product, values;
        using (no_grad())
        {
            var w = weight.detach();
            var gatheredBytes = present.shape[0] * covariances.shape[1] * covariances.shape[2] * covariances.ElementSize;
            (product, values) = gatheredBytes <= gatherLimitBytes
                ? Products(w, present, covariances.index_select(0, present))
                : ProductsInPlace(w, present, covariances);
        }

        return QuadraticFormGradient.apply(weight, product, present, values);
    }

    /// <summary>P [K, C, A] = D_k Σ_k and s = rowsum(P ⊙ D) [K, C] for the classes <paramref name="present"/>, whose covariances are <paramref name="covariances"/> [K, A, A].</summary>
    private static (Tensor Product, Tensor Values) Products(Tensor weight, Tensor present, Tensor covariances)
    {
        var d = weight.unsqueeze(0) - weight.index_select(0, present).unsqueeze(1);
        var product = d.bmm(covariances.to(weight.dtype, weight.device));
        return (product, (product * d).sum(-1));
    }

    /// <summary>
    /// <see cref="Products"/> with each covariance read where it lies: one batched product per run of consecutive
    /// present classes, on a view of the covariances, with the differences D of that run only. No copy of the
    /// covariances is made; with K = 72 of C = 100 classes present the runs are about 3.5 classes long, and this took
    /// 40.4 ms against 37.0 ms for one batched product on covariances gathered beforehand, where gathering chunks of
    /// 7 classes and multiplying each took 44.4 ms.
    /// </summary>
    private static (Tensor Product, Tensor Values) ProductsInPlace(Tensor weight, Tensor present, Tensor covariances)
    {
        var classes = present.cpu().data<long>().ToArray();
        var product = empty([classes.Length, weight.shape[0], weight.shape[1]], weight.dtype, weight.device);
        var values = empty([classes.Length, weight.shape[0]], weight.dtype, weight.device);
        for (var first = 0; first < classes.Length;)
        {
            var end = first + 1;
            while (end < classes.Length && classes[end] == classes[end - 1] + 1)
                end++;
            using var scope = NewDisposeScope();
            var (part, partValues) = Products(
                weight, present.narrow(0, first, end - first), covariances.narrow(0, classes[first], end - first));
            product.narrow(0, first, end - first).copy_(part);
            values.narrow(0, first, end - first).copy_(partValues);
            first = end;
        }

        return (product, values);
    }

    /// <summary>
    /// s [K, C] for per-feature variances σ [K, A]: Σ_a (w_ja − w_ka)² σ_ka expanded as
    /// σ (W²)ᵀ − 2 (σ ⊙ w_k) Wᵀ + rowsum(σ ⊙ w_k²), three matrix products instead of a K×C×A tensor.
    /// </summary>
    private static Tensor DiagonalQuadraticForms(Tensor weight, Tensor present, Tensor sigma)
    {
        var own = weight.index_select(0, present);
        var weightedOwn = sigma * own;
        return sigma.mm(weight.square().t())
               - 2 * weightedOwn.mm(weight.t())
               + (weightedOwn * own).sum(1, keepdim: true);
    }

    private static void Validate(
        Tensor features,
        Tensor weight,
        Tensor? bias,
        Tensor labels,
        Tensor covariances,
        CovarianceKind kind,
        double lambda)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(covariances);
        if (!double.IsFinite(lambda) || lambda < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "λ must be finite and non-negative.");
        }

        if (weight.dim() != 2)
        {
            throw new ArgumentException($"Weight must be [C, A]; got {Shape(weight)}.", nameof(weight));
        }

        long c = weight.shape[0], a = weight.shape[1];
        if (features.dim() != 2 || features.shape[1] != a)
        {
            throw new ArgumentException($"Features must be [N, {a}]; got {Shape(features)}.", nameof(features));
        }

        if (bias is not null && (bias.dim() != 1 || bias.shape[0] != c))
        {
            throw new ArgumentException($"Bias must be [{c}]; got {Shape(bias)}.", nameof(bias));
        }

        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != features.shape[0])
        {
            throw new ArgumentException(
                $"Labels must be int64 [{features.shape[0]}]; got {labels.dtype} {Shape(labels)}.", nameof(labels));
        }

        long[] expected = kind switch
        {
            CovarianceKind.Full => [c, a, a],
            CovarianceKind.Diagonal => [c, a],
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown covariance kind."),
        };
        if (!covariances.shape.SequenceEqual(expected))
        {
            throw new ArgumentException(
                $"{kind} covariances must be [{string.Join(", ", expected)}]; got {Shape(covariances)}.",
                nameof(covariances));
        }
    }

    private static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";
}
