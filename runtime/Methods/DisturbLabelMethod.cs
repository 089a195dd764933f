using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Models;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Methods;

/// <summary>
/// DisturbLabel (Xie et al., CVPR 2016): at every step each training label is, with probability <see cref="Rate"/>,
/// replaced by a label drawn uniformly from all C classes (which may be the true one again, so a label actually
/// changes with probability rate · (C − 1) / C), then softmax cross-entropy against the disturbed labels.
/// </summary>
/// <remarks>
/// The draws come from torch's CPU generator, whatever the device, and are moved to the labels' device: the CPU
/// generator is the one seeded by the trainer and saved in every checkpoint, so the disturbed labels are reproducible
/// under the run's seed and across a resume. The logits returned for the training accuracy are the network's plain
/// logits; the trainer scores them against the true labels.
/// </remarks>
public sealed class DisturbLabelMethod : ITrainingMethod
{
    private readonly int numClasses;

    /// <summary>DisturbLabel with noise rate <paramref name="rate"/> ∈ [0, 1] over <paramref name="numClasses"/> classes.</summary>
    /// <exception cref="ArgumentException">The rate lies outside [0, 1] or the number of classes is not positive.</exception>
    public DisturbLabelMethod(double rate, int numClasses)
    {
        Rate = CheckRate(rate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numClasses);
        this.numClasses = numClasses;
    }

    /// <summary>The probability with which each label is replaced by a uniformly drawn one.</summary>
    public double Rate { get; }

    /// <inheritdoc/>
    public StepLoss Loss(ClassifierNetwork network, Tensor images, Tensor labels, TrainingClock clock)
    {
        ArgumentNullException.ThrowIfNull(network);
        var logits = network.forward(images);
        using var scope = NewDisposeScope();
        var loss = nn.functional.cross_entropy(logits, Disturb(labels, numClasses, Rate)).MoveToOuterDisposeScope();
        return new StepLoss(loss, logits);
    }

    /// <summary>
    /// Returns new labels: label i is kept when u_i ≥ <paramref name="rate"/> and replaced by r_i otherwise, with
    /// u_i ~ U[0, 1) and r_i ~ U{0, …, C − 1} drawn for every label (always both, N of each, so the generator advances
    /// by the same amount whatever the outcome). With rate 0 no number is drawn and <paramref name="labels"/> itself is
    /// returned; with rate 1 every label is drawn uniformly.
    /// </summary>
    /// <param name="labels">Class indices y, int64 [N], each in [0, C).</param>
    /// <param name="numClasses">Number of classes C.</param>
    /// <param name="rate">Replacement probability in [0, 1].</param>
    public static Tensor Disturb(Tensor labels, int numClasses, double rate)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numClasses);
        CheckRate(rate);
        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1)
            throw new ArgumentException($"Labels must be int64 [N]; got {labels.dtype} [{string.Join(", ", labels.shape)}].", nameof(labels));
        if (rate == 0)
            return labels;

        using var scope = NewDisposeScope();
        var n = labels.shape[0];
        var replace = rand([n], dtype: ScalarType.Float64, device: CPU).lt(rate);
        var drawn = randint(numClasses, [n], dtype: ScalarType.Int64, device: CPU);
        return where(replace.to(labels.device), drawn.to(labels.device), labels).MoveToOuterDisposeScope();
    }

    private static double CheckRate(double rate) =>
        rate >= 0 && rate <= 1
            ? rate
            : throw new ArgumentException($"DisturbLabel rate must lie in [0, 1], got {rate}", nameof(rate));

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    /// <summary>
    /// The DSL's method "disturblabel" as typed options: one positional parameter per parameter SpecSchema declares
    /// for it (its key in PascalCase), which is where their defaults and ranges live.
    /// </summary>
    /// <param name="Rate">The DSL parameter of that name (SpecSchema).</param>
    [TrainingMethod("disturblabel")]
    public sealed record Options(double Rate) : IMethodOptions
    {
        /// <inheritdoc/>
        public ITrainingMethod Create(MethodContext context) => new DisturbLabelMethod(Rate, context.NumClasses);
    }
}
