using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Persistence;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Methods;

/// <summary>
/// Large-margin softmax, L-Softmax (Liu et al., ICML 2016; docs/method.md §5): softmax cross-entropy on logits whose target
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
/// Annealing, as the original Caffe layer (wy1iu/LargeMargin_Softmax_Loss, LargeMarginInnerProductLayer) trains it:
/// the target logit is f_y = (λ‖W_y‖‖a‖cos θ_y + ‖W_y‖‖a‖ψ(θ_y)) / (1 + λ) + b_y, λ = max(λ_min, base·(1 + γt)^(−power)),
/// t the number of training steps taken before this one (0 at the first; Caffe's counter is incremented before use,
/// so its first step has t = 1). λ starts at base (≈ plain softmax) and decays, so the margin comes in gradually:
/// with the margin at full strength from the first step (m = 4) the network does not learn. ‖W_y‖‖a‖cos θ_y is
/// computed as W_yᵀa, so a huge λ gives the plain logit. base = 0 with λ_min = 0 is the plain form exactly. The step
/// counter is the method's state, saved and loaded with checkpoints (<see cref="Save"/>, <see cref="Load"/>).
/// </para>
/// <para>
/// Bias: the paper's L-Softmax layer has none; the networks here have one, and it is kept as an additive term of
/// every logit, target included (added after the annealed mix above). When a or W_y is zero, cos θ is taken as 0 and the
/// margin term vanishes with the norms.
/// </para>
/// </remarks>
public sealed class LargeMarginSoftmaxMethod : ITrainingMethod
{
    private const string Magic = "LSOFTMAX";
    private const int FormatVersion = 1;

    /// <summary>
    /// L-Softmax with integer margin <paramref name="margin"/> ≥ 1, annealed by λ = max(<paramref name="annealMin"/>,
    /// <paramref name="annealBase"/>·(1 + <paramref name="annealGamma"/>·t)^(−<paramref name="annealPower"/>)).
    /// </summary>
    /// <exception cref="ArgumentException">The margin is below 1, or an annealing parameter is negative or not finite.</exception>
    /// <remarks>The DSL's defaults for the annealing, and where they come from, are declared in SpecSchema.</remarks>
    public LargeMarginSoftmaxMethod(int margin, double annealBase, double annealGamma, double annealPower, double annealMin)
    {
        Margin = CheckMargin(margin);
        AnnealBase = CheckAnnealing(annealBase, "anneal_base");
        AnnealGamma = CheckAnnealing(annealGamma, "anneal_gamma");
        AnnealPower = CheckAnnealing(annealPower, "anneal_power");
        AnnealMin = CheckAnnealing(annealMin, "anneal_min");
    }

    /// <summary>The margin m (1 is plain softmax).</summary>
    public int Margin { get; }

    /// <summary>λ at the first step (0, with <see cref="AnnealMin"/> 0: no annealing, the plain form).</summary>
    public double AnnealBase { get; }

    /// <summary>γ, the decay rate of λ per training step.</summary>
    public double AnnealGamma { get; }

    /// <summary>The power of the decay of λ.</summary>
    public double AnnealPower { get; }

    /// <summary>λ_min, the floor of λ.</summary>
    public double AnnealMin { get; }

    /// <summary>Training steps taken so far: the t of the next step's λ.</summary>
    public long Iteration { get; private set; }

    /// <summary>The annealing λ of the next training step.</summary>
    public double MarginLambda => AnnealingLambda(Iteration, AnnealBase, AnnealGamma, AnnealPower, AnnealMin);

    /// <summary>λ = max(λ_min, base·(1 + γt)^(−power)) at step <paramref name="iteration"/> t ≥ 0.</summary>
    public static double AnnealingLambda(long iteration, double annealBase, double annealGamma, double annealPower, double annealMin) =>
        Math.Max(annealMin, annealBase * Math.Pow(1 + annealGamma * iteration, -annealPower));

    /// <inheritdoc/>
    public StepLoss Loss(ClassifierNetwork network, Tensor images, Tensor labels, TrainingClock clock)
    {
        ArgumentNullException.ThrowIfNull(network);
        var features = network.Features(images);
        var classifier = network.Classifier;
        var loss = Compute(features, classifier.weight!, classifier.bias, labels, Margin, MarginLambda);
        // One step of the schedule per training step; an evaluation-mode call leaves it where it is.
        if (network.training)
            Iteration++;
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
    /// <param name="lambda">Annealing λ ≥ 0 (0: the plain form).</param>
    public static Tensor Compute(Tensor features, Tensor weight, Tensor? bias, Tensor labels, int margin, double lambda)
    {
        using var scope = NewDisposeScope();
        var logits = MarginLogits(features, weight, bias, labels, margin, lambda);
        return nn.functional.cross_entropy(logits, labels).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Logits [N, C] with f_ij = W_jᵀa_i + b_j for j ≠ y_i and
    /// f_{i,y_i} = (λ W_{y_i}ᵀa_i + ‖W_{y_i}‖‖a_i‖ ψ(θ_i)) / (1 + λ) + b_{y_i}; λ = 0 is the plain form
    /// ‖W_{y_i}‖‖a_i‖ ψ(θ_i) + b_{y_i}, exactly.
    /// </summary>
    /// <param name="features">Deep features a, [N, A].</param>
    /// <param name="weight">Classifier weight W, [C, A].</param>
    /// <param name="bias">Classifier bias b, [C], or null.</param>
    /// <param name="labels">Class indices y, int64 [N], each in [0, C).</param>
    /// <param name="margin">Integer margin m ≥ 1.</param>
    /// <param name="lambda">Annealing λ ≥ 0 (0: the plain form).</param>
    /// <exception cref="ArgumentException">Shapes or types are inconsistent, the margin is below 1 or λ is negative.</exception>
    public static Tensor MarginLogits(Tensor features, Tensor weight, Tensor? bias, Tensor labels, int margin, double lambda)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(labels);
        CheckMargin(margin);
        CheckAnnealing(lambda, nameof(lambda));
        if (weight.dim() != 2 || features.dim() != 2 || features.shape[1] != weight.shape[1])
            throw new ArgumentException($"Expected features [N, A] and weight [C, A]; got [{string.Join(", ", features.shape)}] and [{string.Join(", ", weight.shape)}].");
        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != features.shape[0])
            throw new ArgumentException($"Labels must be int64 [{features.shape[0]}]; got {labels.dtype} [{string.Join(", ", labels.shape)}].", nameof(labels));

        using var scope = NewDisposeScope();
        var logits = nn.functional.linear(features, weight, bias);
        var own = weight.index_select(0, labels);
        var norms = linalg.vector_norm(own, dims: [1]) * linalg.vector_norm(features, dims: [1]);
        var dot = (own * features).sum(1);
        var cosine = (dot / norms.clamp_min(1e-30)).clamp(-1, 1);
        var target = norms * Psi(cosine, margin);
        if (lambda != 0)
            target = (lambda * dot + target) / (1 + lambda);
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

    private static double CheckAnnealing(double value, string name) =>
        double.IsFinite(value) && value >= 0
            ? value
            : throw new ArgumentException($"Large-margin softmax {name} must be a finite number ≥ 0, got {value}", name);

    /// <summary>Writes the step counter of the annealing.</summary>
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        StateRecord.WriteHeader(writer, Magic, FormatVersion);
        writer.Write(Iteration);
    }

    /// <summary>Restores the step counter written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The record is not an L-Softmax record.</exception>
    public void Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StateRecord.ReadHeader(reader, Magic, FormatVersion, "large-margin softmax");
        var iteration = reader.ReadInt64();
        if (iteration < 0)
            throw new InvalidDataException($"Large-margin softmax checkpoint has a negative step count {iteration}.");
        Iteration = iteration;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    /// <summary>
    /// The DSL's method "large-margin" as typed options: one positional parameter per parameter SpecSchema declares
    /// for it (its key in PascalCase), which is where their defaults and ranges live.
    /// </summary>
    /// <param name="Margin">The DSL parameter of that name (SpecSchema).</param>
    /// <param name="AnnealBase">The DSL parameter of that name (SpecSchema).</param>
    /// <param name="AnnealGamma">The DSL parameter of that name (SpecSchema).</param>
    /// <param name="AnnealPower">The DSL parameter of that name (SpecSchema).</param>
    /// <param name="AnnealMin">The DSL parameter of that name (SpecSchema).</param>
    [TrainingMethod("large-margin")]
    public sealed record Options(int Margin, double AnnealBase, double AnnealGamma, double AnnealPower, double AnnealMin) : IMethodOptions
    {
        /// <inheritdoc/>
        public ITrainingMethod Create(MethodContext context) => new LargeMarginSoftmaxMethod(Margin, AnnealBase, AnnealGamma, AnnealPower, AnnealMin);
    }
}
