using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Models;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Methods;

/// <summary>
/// The Dropout baseline (docs/method.md §5, rate 0.3 where the model has none of its own): inverted dropout on the deep
/// features a_i before the final classifier, then softmax cross-entropy. Each feature is zeroed with probability
/// <see cref="Rate"/> and the kept ones are scaled by 1 / (1 − rate), so evaluation needs no rescaling: the
/// evaluation path is the network's plain forward, which this method never touches.
/// </summary>
/// <remarks>
/// The mask follows the network's mode, as <c>nn.Dropout</c> does: with the network in evaluation mode the loss is
/// plain cross-entropy. The mask is drawn from torch's generator of the features' device (the CPU generator, whose
/// state every checkpoint saves, on a CPU run), so a run is reproducible under its seed and across a resume.
/// The logits returned for the training accuracy are those of the dropped-out features, the ones the loss sees,
/// as a network with dropout layers of its own reports them.
/// </remarks>
public sealed class DropoutMethod : ITrainingMethod
{
    /// <summary>Dropout with drop probability <paramref name="rate"/> ∈ [0, 1).</summary>
    /// <exception cref="ArgumentException">The rate lies outside [0, 1).</exception>
    public DropoutMethod(double rate)
    {
        Rate = CheckRate(rate, "Dropout rate", nameof(rate));
    }

    /// <summary>The probability with which each deep feature is zeroed during training.</summary>
    public double Rate { get; }

    /// <inheritdoc/>
    public StepLoss Loss(ClassifierNetwork network, Tensor images, Tensor labels, TrainingClock clock)
    {
        ArgumentNullException.ThrowIfNull(network);
        var features = DropFeatures(network.Features(images), Rate, network.training);
        var logits = network.Classifier.forward(features);
        return new StepLoss(nn.functional.cross_entropy(logits, labels), logits);
    }

    /// <summary>
    /// Inverted dropout on deep features [N, A]: when <paramref name="training"/> and <paramref name="rate"/> &gt; 0,
    /// each entry is zeroed with probability <paramref name="rate"/> and the others are multiplied by 1 / (1 − rate);
    /// otherwise <paramref name="features"/> itself is returned and no random number is drawn (so rate 0 is the
    /// plain loss bit for bit and leaves the generator's stream as it was).
    /// </summary>
    /// <param name="features">Deep features a, [N, A].</param>
    /// <param name="rate">Drop probability in [0, 1).</param>
    /// <param name="training">Whether the network is training (dropout is the identity otherwise).</param>
    public static Tensor DropFeatures(Tensor features, double rate, bool training)
    {
        ArgumentNullException.ThrowIfNull(features);
        CheckRate(rate, "Dropout rate", nameof(rate));
        return training && rate > 0 ? nn.functional.dropout(features, rate, training: true) : features;
    }

    /// <summary>Returns <paramref name="rate"/> when it lies in [0, 1); otherwise throws, naming <paramref name="what"/>.</summary>
    internal static double CheckRate(double rate, string what, string parameterName) =>
        rate >= 0 && rate < 1
            ? rate
            : throw new ArgumentException($"{what} must lie in [0, 1), got {rate}", parameterName);

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    /// <summary>
    /// The DSL's method "dropout" as typed options: one positional parameter per parameter SpecSchema declares
    /// for it (its key in PascalCase), which is where their defaults and ranges live.
    /// </summary>
    /// <param name="Rate">The DSL parameter of that name (SpecSchema).</param>
    [TrainingMethod("dropout")]
    public sealed record Options(double Rate) : IMethodOptions
    {
        /// <inheritdoc/>
        public ITrainingMethod Create(MethodContext context) => new DropoutMethod(Rate);
    }
}
