using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Models;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Methods;

/// <summary>The basic model: softmax cross-entropy on the network's logits.</summary>
public sealed class CrossEntropyMethod : ITrainingMethod
{
    /// <inheritdoc/>
    public StepLoss Loss(ClassifierNetwork network, Tensor images, Tensor labels, TrainingClock clock)
    {
        var logits = network.forward(images);
        return new StepLoss(nn.functional.cross_entropy(logits, labels), logits);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    /// <summary>Registers "basic" (no parameters).</summary>
    [TrainingMethod("basic")]
    internal sealed class Factory : ITrainingMethodFactory
    {
        public ITrainingMethod Create(Parameters parameters, MethodContext context) => new CrossEntropyMethod();
    }
}
