using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Methods;

/// <summary>What a method may need to know when it is built: the classifier's shape and where tensors live.</summary>
public sealed record MethodContext(int NumClasses, int FeatureDim, Device Device);
