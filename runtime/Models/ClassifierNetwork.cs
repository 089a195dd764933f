using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Models;

/// <summary>
/// A network split the way every loss in this runtime needs it: a feature extractor producing the deep
/// features a_i ∈ R^A, and a final linear classifier (W ∈ R^{C×A}, b ∈ R^C) reachable on its own.
/// </summary>
public abstract class ClassifierNetwork : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the network; <paramref name="name"/> names the module in state dictionaries.</summary>
    protected ClassifierNetwork(string name) : base(name)
    {
    }

    /// <summary>Dimension A of the deep features (the classifier's input).</summary>
    public abstract int FeatureDim { get; }

    /// <summary>Number of classes C (the classifier's output).</summary>
    public abstract int NumClasses { get; }

    /// <summary>The final fully connected layer whose weight and bias the losses use.</summary>
    public abstract Linear Classifier { get; }

    /// <summary>Maps a batch of images [N, channels, H, W] to deep features [N, A].</summary>
    public abstract Tensor Features(Tensor input);

    /// <summary>Logits [N, C] = classifier(features(input)).</summary>
    public override Tensor forward(Tensor input) => Classifier.forward(Features(input));
}
