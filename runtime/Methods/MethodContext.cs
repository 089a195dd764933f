using IsdaDsl.Runtime.Gan;
using IsdaDsl.Runtime.Models;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Methods;

/// <summary>What a method may need to know when it is built: the classifier's shape and where tensors live.</summary>
public sealed record MethodContext(int NumClasses, int FeatureDim, Device Device)
{
    /// <summary>The training images' shape, which generated images must have; null when the caller does not say.</summary>
    public InputShape? Input { get; init; }

    /// <summary>The per-channel mean and standard deviation the loader normalises the training images with.</summary>
    public (float[] Mean, float[] Std)? Normalisation { get; init; }

    /// <summary>Where a method that mixes generated images in finds the generators of gan experiments; null: nowhere.</summary>
    public GeneratorSource? Generators { get; init; }
}
