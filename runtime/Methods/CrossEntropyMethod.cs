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

    /// <summary>
    /// The DSL's method "basic" as typed options: one positional parameter per parameter SpecSchema declares
    /// for it (its key in PascalCase), which is where their defaults and ranges live.
    /// </summary>
    [TrainingMethod("basic")]
    public sealed record Options() : IMethodOptions
    {
        /// <inheritdoc/>
        public ITrainingMethod Create(MethodContext context) => new CrossEntropyMethod();
    }
}
