using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Isda;
using IsdaDsl.Runtime.Models;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Methods;

/// <summary>
/// ISDA (docs/method.md §1.6): the class covariance estimator is updated with the batch's detached features before the
/// loss (as the published code), then cross-entropy on the augmented logits with λ = λ0 · epoch / epochs.
/// With <see cref="Dropout"/> &gt; 0 it is the paper's "ISDA + Dropout" (docs/method.md §5): inverted dropout on the deep
/// features before the classifier, as the Dropout baseline (<see cref="DropoutMethod"/>) does.
/// </summary>
/// <remarks>
/// With dropout, the dropped-out features are the features of the step: they feed the covariance estimator, the
/// augmented logits and the plain logits returned for the accuracy alike. The published code has the same data
/// flow, though its dropout sits elsewhere, inside the residual blocks (its CIFAR ResNet's dropout_rate, WRN's
/// dropRate): the features model(x) returns in training mode are computed with dropout active, and it passes those
/// same features, detached, to its estimator (update_CV) and to the classifier. The estimate therefore includes the
/// dropout noise, which is part of the variation the classifier is trained on. The mask follows the network's mode
/// and draws from torch's generator (reproducible under the seed and across a resume); with dropout 0 nothing is
/// drawn, so the run is ISDA's bit for bit.
/// </remarks>
public sealed class IsdaMethod : ITrainingMethod
{
    private readonly ClassCovarianceEstimator estimator;

    /// <summary>
    /// ISDA with strength <paramref name="lambda0"/>, a full or diagonal covariance per class, and dropout of rate
    /// <paramref name="dropout"/> ∈ [0, 1) on the deep features (0: none).
    /// </summary>
    public IsdaMethod(double lambda0, CovarianceKind kind, MethodContext context, double dropout = 0)
    {
        if (!(lambda0 >= 0) || !double.IsFinite(lambda0))
            throw new ArgumentException($"ISDA lambda0 must be a finite number ≥ 0, got {lambda0}", nameof(lambda0));
        Dropout = DropoutMethod.CheckRate(dropout, "ISDA dropout", nameof(dropout));
        Lambda0 = lambda0;
        estimator = new ClassCovarianceEstimator(context.NumClasses, context.FeatureDim, kind, context.Device);
    }

    /// <summary>The final augmentation strength λ0.</summary>
    public double Lambda0 { get; }

    /// <summary>The dropout rate on the deep features during training (0: plain ISDA).</summary>
    public double Dropout { get; }

    /// <summary>The running class statistics.</summary>
    public ClassCovarianceEstimator Estimator => estimator;

    /// <inheritdoc/>
    public StepLoss Loss(ClassifierNetwork network, Tensor images, Tensor labels, TrainingClock clock)
    {
        var features = DropoutMethod.DropFeatures(network.Features(images), Dropout, network.training);
        estimator.Update(features, labels);
        var classifier = network.Classifier;
        var loss = IsdaLoss.Compute(features, classifier, labels, estimator, Lambda(clock));
        // The plain logits serve the accuracy; the optimiser never sees them.
        Tensor logits;
        using (no_grad())
            logits = classifier.forward(features);
        return new StepLoss(loss, logits);
    }

    /// <inheritdoc/>
    public double Lambda(TrainingClock clock) => LambdaSchedule.At(Lambda0, clock.Epoch, clock.TotalEpochs);

    /// <inheritdoc/>
    public void Save(BinaryWriter writer) => estimator.Save(writer);

    /// <inheritdoc/>
    public void Load(BinaryReader reader) => estimator.Load(reader);

    /// <inheritdoc/>
    public void Dispose() => estimator.Dispose();

    /// <summary>
    /// The DSL's method "isda" as typed options: one positional parameter per parameter SpecSchema declares
    /// for it (its key in PascalCase), which is where their defaults and ranges live.
    /// </summary>
    /// <param name="Lambda0">The DSL parameter of that name (SpecSchema).</param>
    /// <param name="Covariance">The DSL parameter of that name (SpecSchema).</param>
    /// <param name="Dropout">The DSL parameter of that name (SpecSchema).</param>
    [TrainingMethod("isda")]
    public sealed record Options(double Lambda0, CovarianceKind Covariance, double Dropout) : IMethodOptions
    {
        /// <inheritdoc/>
        public ITrainingMethod Create(MethodContext context) => new IsdaMethod(Lambda0, Covariance, context, Dropout);
    }
}
