using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Isda;
using IsdaDsl.Runtime.Models;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Methods;

/// <summary>
/// ISDA (SPEC §1): the class covariance estimator is updated with the batch's detached features before the
/// loss (as the published code), then cross-entropy on the augmented logits with λ = λ0 · epoch / epochs.
/// </summary>
public sealed class IsdaMethod : ITrainingMethod
{
    private readonly ClassCovarianceEstimator estimator;

    /// <summary>ISDA with strength <paramref name="lambda0"/> and a full or diagonal covariance per class.</summary>
    public IsdaMethod(double lambda0, CovarianceKind kind, MethodContext context)
    {
        if (!(lambda0 >= 0) || !double.IsFinite(lambda0))
            throw new ArgumentException($"ISDA lambda0 must be a finite number ≥ 0, got {lambda0}", nameof(lambda0));
        Lambda0 = lambda0;
        estimator = new ClassCovarianceEstimator(context.NumClasses, context.FeatureDim, kind, context.Device);
    }

    /// <summary>The final augmentation strength λ0.</summary>
    public double Lambda0 { get; }

    /// <summary>The running class statistics.</summary>
    public ClassCovarianceEstimator Estimator => estimator;

    /// <inheritdoc/>
    public StepLoss Loss(ClassifierNetwork network, Tensor images, Tensor labels, TrainingClock clock)
    {
        var features = network.Features(images);
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
    /// Registers "isda" with parameters lambda0 (default 0.5), covariance (full | diagonal) and dropout, which the DSL
    /// always passes: only 0 (no dropout) until ISDA + Dropout is implemented.
    /// </summary>
    [TrainingMethod("isda")]
    internal sealed class Factory : ITrainingMethodFactory
    {
        public ITrainingMethod Create(Parameters parameters, MethodContext context)
        {
            var dropout = parameters.GetDouble("dropout", 0);
            if (dropout != 0)
                throw new ArgumentException($"{parameters.Owner}: dropout {dropout} (ISDA + Dropout) is not implemented by this runtime yet; only 0 is");
            var kind = parameters.GetChoice("covariance", "full", "full", "diagonal") == "diagonal" ? CovarianceKind.Diagonal : CovarianceKind.Full;
            return new IsdaMethod(parameters.GetDouble("lambda0", 0.5), kind, context);
        }
    }
}
