using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Models;

/// <summary>
/// The two-convolution residual block of the CIFAR ResNets: 3×3 conv–BN–ReLU–3×3 conv–BN, plus a shortcut
/// that is the identity, or a 1×1 convolution + BN when the stride or width changes (as the published ISDA code).
/// </summary>
public sealed class ResNetBasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? shortcut;

    /// <summary>A block from <paramref name="inPlanes"/> to <paramref name="planes"/> channels.</summary>
    public ResNetBasicBlock(int inPlanes, int planes, int stride) : base(nameof(ResNetBasicBlock))
    {
        conv1 = nn.Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3, stride: 1, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        if (stride != 1 || inPlanes != planes)
            shortcut = nn.Sequential(nn.Conv2d(inPlanes, planes, 1, stride: stride, bias: false), nn.BatchNorm2d(planes));
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var output = bn2.forward(conv2.forward(nn.functional.relu(bn1.forward(conv1.forward(input)))));
        var residual = shortcut is null ? input : shortcut.forward(input);
        return nn.functional.relu(output.add_(residual)).MoveToOuterDisposeScope();
    }
}
