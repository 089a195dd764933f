using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Models;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Methods;

/// <summary>
/// Large-margin softmax, L-Softmax (Liu et al., ICML 2016; SPEC §2): softmax cross-entropy on logits whose target
/// entry ‖W_y‖‖a‖ cos θ_y (θ_y the angle between the deep feature a and the class weight W_y) is replaced by
/// ‖W_y‖‖a‖ ψ(θ_y), with ψ(θ) = (−1)^k cos(mθ) − 2k for θ ∈ [kπ/m, (k+1)π/m], k ∈ {0, …, m − 1}, m the integer margin.
/// ψ is continuous, decreasing on [0, π] and below cos θ, so the target class must win by an angular margin.
/// The other logits stay W_jᵀa + b_j.
/// </summary>
/// <remarks>
/// <para>
/// cos(mθ) is the Chebyshev polynomial T_m(cos θ) (T_0 = 1, T_1 = x, T_{n+1} = 2x T_n − T_{n−1}, the multiple-angle
/// formula), and k is the number of thresholds cos(jπ/m), j = 1 … m − 1, that cos θ lies at or below: no acos, and
/// gradients (through the norms and cos θ; k is piecewise constant) come from autograd. ψ is continuously
/// differentiable, the pieces meeting with equal value −1 − 2k and zero slope.
/// </para>
/// <para>
/// The plain form, without the original implementation's annealing f_y = (β‖W‖‖a‖cos θ + ‖W‖‖a‖ψ(θ)) / (1 + β) whose
/// β decays per iteration from about 1000: the DSL has the margin as L-Softmax's only parameter, and the annealing
/// schedule (base, decay, power, floor per iteration) is an optimisation aid tuned per Caffe solver, not part of the
/// loss the paper defines; so m = 1 is exactly softmax cross-entropy.
/// </para>
/// <para>
/// Bias: the paper's L-Softmax layer has none; the networks here have one, and it is kept as an additive term of
/// every logit, target included: f_y = ‖W_y‖‖a‖ψ(θ_y) + b_y. When a or W_y is zero, cos θ is taken as 0 and the
/// margin term vanishes with the norms.
/// </para>
/// </remarks>
public sealed class LargeMarginSoftmaxMethod : ITrainingMethod
{
    /// <summary>L-Softmax with integer margin <paramref name="margin"/> ≥ 1.</summary>
    /// <exception cref="ArgumentException">The margin is below 1.</exception>
    public LargeMarginSoftmaxMethod(int margin)
    {
        Margin = CheckMargin(margin);
    }

    /// <summary>The margin m (1 is plain softmax).</summary>
    public int Margin { get; }

    /// <inheritdoc/>
    public StepLoss Loss(ClassifierNetwork network, Tensor images, Tensor labels, TrainingClock clock)
    {
        ArgumentNullException.ThrowIfNull(network);
        var features = network.Features(images);
        var classifier = network.Classifier;
        var loss = Compute(features, classifier.weight!, classifier.bias, labels, Margin);
        // The plain logits serve the accuracy; the optimiser never sees them.
        Tensor logits;
        using (no_grad())
            logits = classifier.forward(features);
        return new StepLoss(loss, logits);
    }

    /// <summary>The L-Softmax loss: mean cross-entropy of <see cref="MarginLogits"/> against the labels, a scalar.</summary>
    /// <param name="features">Deep features a, [N, A].</param>
    /// <param name="weight">Classifier weight W, [C, A].</param>
    /// <param name="bias">Classifier bias b, [C], or null.</param>
    /// <param name="labels">Class indices y, int64 [N], each in [0, C).</param>
    /// <param name="margin">Integer margin m ≥ 1.</param>
    public static Tensor Compute(Tensor features, Tensor weight, Tensor? bias, Tensor labels, int margin)
    {
        using var scope = NewDisposeScope();
        var logits = MarginLogits(features, weight, bias, labels, margin);
        return nn.functional.cross_entropy(logits, labels).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Logits [N, C] with f_ij = W_jᵀa_i + b_j for j ≠ y_i and f_{i,y_i} = ‖W_{y_i}‖‖a_i‖ ψ(θ_i) + b_{y_i}.
    /// </summary>
    /// <param name="features">Deep features a, [N, A].</param>
    /// <param name="weight">Classifier weight W, [C, A].</param>
    /// <param name="bias">Classifier bias b, [C], or null.</param>
    /// <param name="labels">Class indices y, int64 [N], each in [0, C).</param>
    /// <param name="margin">Integer margin m ≥ 1.</param>
    /// <exception cref="ArgumentException">Shapes or types are inconsistent, or the margin is below 1.</exception>
    public static Tensor MarginLogits(Tensor features, Tensor weight, Tensor? bias, Tensor labels, int margin)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(labels);
        CheckMargin(margin);
        if (weight.dim() != 2 || features.dim() != 2 || features.shape[1] != weight.shape[1])
            throw new ArgumentException($"Expected features [N, A] and weight [C, A]; got [{string.Join(", ", features.shape)}] and [{string.Join(", ", weight.shape)}].");
        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != features.shape[0])
            throw new ArgumentException($"Labels must be int64 [{features.shape[0]}]; got {labels.dtype} [{string.Join(", ", labels.shape)}].", nameof(labels));

        using var scope = NewDisposeScope();
        var logits = nn.functional.linear(features, weight, bias);
        var own = weight.index_select(0, labels);
        var norms = linalg.vector_norm(own, dims: [1]) * linalg.vector_norm(features, dims: [1]);
        var cosine = ((own * features).sum(1) / norms.clamp_min(1e-30)).clamp(-1, 1);
        var target = norms * Psi(cosine, margin);
        if (bias is not null)
            target = target + bias.index_select(0, labels);
        return logits.scatter(1, labels.unsqueeze(1), target.unsqueeze(1)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// ψ(θ) = (−1)^k cos(mθ) − 2k, θ ∈ [kπ/m, (k+1)π/m], given cos θ: elementwise, differentiable in cos θ.
    /// </summary>
    /// <param name="cosine">cos θ, any shape, values in [−1, 1].</param>
    /// <param name="margin">Integer margin m ≥ 1.</param>
    public static Tensor Psi(Tensor cosine, int margin)
    {
        ArgumentNullException.ThrowIfNull(cosine);
        CheckMargin(margin);
        using var scope = NewDisposeScope();
        // T_m(cos θ) = cos(mθ) by the Chebyshev recurrence.
        Tensor previous = ones_like(cosine), current = cosine;
        for (var n = 1; n < margin; n++)
            (previous, current) = (current, 2 * cosine * current - previous);

        Tensor k;
        using (no_grad())
        {
            // θ ≥ jπ/m ⇔ cos θ ≤ cos(jπ/m).
            k = zeros_like(cosine);
            for (var j = 1; j < margin; j++)
                k.add_(cosine.detach().le(Math.Cos(j * Math.PI / margin)).to(cosine.dtype));
        }

        var sign = 1 - 2 * k.remainder(2);
        return (sign * current - 2 * k).MoveToOuterDisposeScope();
    }

    private static int CheckMargin(int margin) =>
        margin >= 1 ? margin : throw new ArgumentException($"Large-margin softmax margin must be an integer ≥ 1, got {margin}", nameof(margin));

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    /// <summary>Registers "large-margin" with parameter margin (default 4).</summary>
    [TrainingMethod("large-margin")]
    internal sealed class Factory : ITrainingMethodFactory
    {
        public ITrainingMethod Create(Parameters parameters, MethodContext context) =>
            new LargeMarginSoftmaxMethod(parameters.GetInt("margin", 4));
    }
}
