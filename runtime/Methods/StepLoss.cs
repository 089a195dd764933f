using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Methods;

/// <summary>What a training method returns for one batch: the scalar loss to minimise and the plain logits [N, C].</summary>
public readonly record struct StepLoss(Tensor Loss, Tensor Logits);
