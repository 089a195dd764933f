using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Persistence;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Methods;

/// <summary>
/// Center loss (Wen et al., ECCV 2016; docs/method.md §5): softmax cross-entropy plus a pull of each deep feature towards
/// its class centre, L = CE(z, y) + λ · (1/N) Σ_i ½ ‖a_i − c_{y_i}‖², with λ = <see cref="Weight"/>. The centres are
/// not trained by SGD: after the loss of a batch is formed (with the centres as they were), they move by Wen et al.'s
/// rule Δc_j = Σ_{i: y_i = j} (c_j − a_i) / (1 + n_j), c_j ← c_j − α Δc_j, where n_j is the number of samples of
/// class j in the batch and α = <see cref="CenterLearningRate"/>; classes absent from the batch keep their centre.
/// </summary>
/// <remarks>
/// <para>
/// The paper sums ½‖a_i − c_{y_i}‖² over the mini-batch; here it is averaged, like the cross-entropy it is added to,
/// so that λ does not depend on the batch size. Centres start at zero (deterministic, and drawing no random numbers,
/// so building the method leaves the run's random stream as it was); the update brings them to the class means within
/// a few steps. They get no gradient: the loss treats them as constants and the update uses detached features.
/// </para>
/// <para>The centres are the method's state: <see cref="Save"/> and <see cref="Load"/> carry them through checkpoints exactly.</para>
/// </remarks>
public sealed class CenterLossMethod : ITrainingMethod
{
    private const string Magic = "CENTERS!";
    private const int FormatVersion = 1;

    private readonly Tensor centres;
    private bool disposed;

    /// <summary>Center loss of weight <paramref name="weight"/> ≥ 0 whose centres move at rate <paramref name="centerLearningRate"/> &gt; 0.</summary>
    /// <exception cref="ArgumentException">A parameter lies outside its range.</exception>
    public CenterLossMethod(double weight, double centerLearningRate, MethodContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!(weight >= 0) || !double.IsFinite(weight))
            throw new ArgumentException($"Center loss weight must be a finite number ≥ 0, got {weight}", nameof(weight));
        if (!(centerLearningRate > 0) || !double.IsFinite(centerLearningRate))
            throw new ArgumentException($"Center loss center_lr must be a finite number > 0, got {centerLearningRate}", nameof(centerLearningRate));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(context.NumClasses);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(context.FeatureDim);
        Weight = weight;
        CenterLearningRate = centerLearningRate;
        // Detached: a dispose scope around the caller must not free state that outlives it.
        centres = zeros(context.NumClasses, context.FeatureDim, device: context.Device).DetachFromDisposeScope();
    }

    /// <summary>The weight λ of the centre term.</summary>
    public double Weight { get; }

    /// <summary>The centres' update rate α.</summary>
    public double CenterLearningRate { get; }

    /// <summary>The class centres c_j, [C, A] float32; the live state, not a copy: do not dispose or modify it.</summary>
    public Tensor Centres
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return centres;
        }
    }

    /// <inheritdoc/>
    public StepLoss Loss(ClassifierNetwork network, Tensor images, Tensor labels, TrainingClock clock)
    {
        ArgumentNullException.ThrowIfNull(network);
        ObjectDisposedException.ThrowIf(disposed, this);
        var features = network.Features(images);
        var logits = network.Classifier.forward(features);
        var loss = Compute(logits, features, labels, centres, Weight);
        UpdateCentres(features, labels);
        return new StepLoss(loss, logits);
    }

    /// <summary>
    /// CE(z, y) + λ · (1/N) Σ_i ½ ‖a_i − c_{y_i}‖², a scalar; no gradient flows into <paramref name="centres"/>.
    /// </summary>
    /// <param name="logits">Logits z, [N, C].</param>
    /// <param name="features">Deep features a, [N, A].</param>
    /// <param name="labels">Class indices y, int64 [N], each in [0, C).</param>
    /// <param name="centres">Class centres c, [C, A].</param>
    /// <param name="weight">The weight λ ≥ 0 of the centre term.</param>
    public static Tensor Compute(Tensor logits, Tensor features, Tensor labels, Tensor centres, double weight)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(centres);
        using var scope = NewDisposeScope();
        var ce = nn.functional.cross_entropy(logits, labels);
        if (weight == 0)
            return ce.MoveToOuterDisposeScope();
        ValidateBatch(features, labels, centres);
        var own = centres.detach().index_select(0, labels.to(centres.device)).to(features.dtype, features.device);
        var pull = (features - own).square().sum(1).mean().mul(0.5);
        return ce.add(pull, alpha: weight).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Moves the centres by Wen et al.'s rule with this batch's detached features: for every class j,
    /// c_j ← c_j − α Σ_{i: y_i = j} (c_j − a_i) / (1 + n_j), n_j the number of samples of class j in the batch
    /// (so a class absent from the batch keeps its centre exactly).
    /// </summary>
    /// <param name="features">Deep features a, [N, A].</param>
    /// <param name="labels">Class indices y, int64 [N], each in [0, C).</param>
    public void UpdateCentres(Tensor features, Tensor labels)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ValidateBatch(features, labels, centres);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = features.detach().to(centres.dtype, centres.device);
        var y = labels.to(centres.device);
        var counts = bincount(y, minlength: (int)centres.shape[0]).to(centres.dtype).unsqueeze(1);
        var sums = zeros_like(centres).index_add_(0, y, x, 1);
        // Σ_{i: y_i = j} (c_j − a_i) = n_j c_j − Σ_{i: y_i = j} a_i; zero for an absent class.
        var step = (counts * centres - sums) / (counts + 1);
        centres.sub_(step.mul_(CenterLearningRate));
    }

    /// <summary>Writes the centres' shape and values (as little-endian float64, so float32 centres round-trip exactly).</summary>
    public void Save(BinaryWriter writer)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(writer);
        StateRecord.WriteHeader(writer, Magic, FormatVersion);
        writer.Write(centres.shape[0]);
        writer.Write(centres.shape[1]);
        StateRecord.WriteTensor(writer, centres);
    }

    /// <summary>
    /// Replaces the centres with those written by <see cref="Save"/>; the record is read and checked whole before the
    /// centres change.
    /// </summary>
    /// <exception cref="InvalidDataException">The record is not a centre record, or its shape differs from this method's.</exception>
    public void Load(BinaryReader reader)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(reader);
        StateRecord.ReadHeader(reader, Magic, FormatVersion, "center-loss");
        long classes = reader.ReadInt64(), dim = reader.ReadInt64();
        if (classes != centres.shape[0] || dim != centres.shape[1])
        {
            throw new InvalidDataException(
                $"Center-loss checkpoint has {classes}×{dim} centres, this run has {centres.shape[0]}×{centres.shape[1]}.");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        centres.copy_(StateRecord.ReadTensor(reader, [classes, dim], "center-loss"));
    }

    /// <summary>Frees the centres.</summary>
    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        centres.Dispose();
    }

    private static void ValidateBatch(Tensor features, Tensor labels, Tensor centres)
    {
        if (features.dim() != 2 || features.shape[1] != centres.shape[1])
            throw new ArgumentException($"Features must be [N, {centres.shape[1]}]; got [{string.Join(", ", features.shape)}].", nameof(features));
        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != features.shape[0])
            throw new ArgumentException($"Labels must be int64 [{features.shape[0]}]; got {labels.dtype} [{string.Join(", ", labels.shape)}].", nameof(labels));
    }

    /// <summary>
    /// The DSL's method "center-loss" as typed options: one positional parameter per parameter SpecSchema declares
    /// for it (its key in PascalCase), which is where their defaults and ranges live.
    /// </summary>
    /// <param name="Weight">The DSL parameter of that name (SpecSchema).</param>
    /// <param name="CenterLr">The DSL parameter of that name (SpecSchema).</param>
    [TrainingMethod("center-loss")]
    public sealed record Options(double Weight, double CenterLr) : IMethodOptions
    {
        /// <inheritdoc/>
        public ITrainingMethod Create(MethodContext context) => new CenterLossMethod(Weight, CenterLr, context);
    }
}
