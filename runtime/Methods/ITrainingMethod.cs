using IsdaDsl.Runtime.Models;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Methods;

/// <summary>
/// The seam every training objective plugs into (cross-entropy, ISDA, the baselines): it sees the network,
/// the batch and the clock, and returns the loss. Methods with state (ISDA's covariance estimator) save it
/// in checkpoints.
/// </summary>
public interface ITrainingMethod : IDisposable
{
    /// <summary>The loss and logits of one training batch; the network is in training mode.</summary>
    StepLoss Loss(ClassifierNetwork network, Tensor images, Tensor labels, TrainingClock clock);

    /// <summary>The augmentation strength λ in effect at <paramref name="clock"/> (0 for methods without one).</summary>
    double Lambda(TrainingClock clock) => 0.0;

    /// <summary>Writes the method's state to a checkpoint.</summary>
    void Save(BinaryWriter writer)
    {
    }

    /// <summary>Restores the state written by <see cref="Save"/>.</summary>
    void Load(BinaryReader reader)
    {
    }
}
