namespace IsdaDsl.Runtime.Gan;

/// <summary>How a class label enters a GAN network (docs/method.md §9.2).</summary>
public enum LabelConditioning
{
    /// <summary>The network does not see a label.</summary>
    None,

    /// <summary>
    /// The label as a one-hot vector of length C: concatenated to the generator's noise, or as C constant image planes
    /// concatenated to the discriminator's input channels.
    /// </summary>
    OneHot,

    /// <summary>
    /// A learned embedding of the label: a vector concatenated to the generator's noise, or one learned H×W plane
    /// concatenated to the discriminator's input channels.
    /// </summary>
    Embedding,
}
