using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Models;

/// <summary>
/// The two-convolution residual block of the CIFAR ResNets: 3×3 conv–BN–ReLU–3×3 conv–BN, plus a shortcut
/// that is the identity, or a 1×1 convolution + BN when the stride or width changes (as the published ISDA code).
/// With a squeeze-and-excitation reduction r &gt; 0 (SE-ResNet, Hu et al.; the ISDA code's <c>se_resnet.py</c>), the
/// residual branch is rescaled channel-wise before the addition: global average pooling, a bias-free
/// C → C/r → C bottleneck with ReLU and a sigmoid.
/// </summary>
public sealed class ResNetBasicBlock : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Linear? squeeze;
    private readonly Linear? excite;
    private readonly Sequential? shortcut;

    /// <summary>
    /// A block from <paramref name="inPlanes"/> to <paramref name="planes"/> channels, with squeeze-and-excitation
    /// of reduction <paramref name="seReduction"/> (0: none).
    /// </summary>
    public ResNetBasicBlock(int inPlanes, int planes, int stride, int seReduction = 0) : base(nameof(ResNetBasicBlock))
    {
        conv1 = nn.Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3, stride: 1, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        if (seReduction > 0)
        {
            squeeze = nn.Linear(planes, planes / seReduction, hasBias: false);
            excite = nn.Linear(planes / seReduction, planes, hasBias: false);
        }
        if (stride != 1 || inPlanes != planes)
            shortcut = nn.Sequential(nn.Conv2d(inPlanes, planes, 1, stride: stride, bias: false), nn.BatchNorm2d(planes));
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var output = bn2.forward(conv2.forward(nn.functional.relu(bn1.forward(conv1.forward(input)))));
        if (squeeze is not null && excite is not null)
        {
            var pooled = nn.functional.adaptive_avg_pool2d(output, 1).flatten(1);
            var gate = excite.forward(nn.functional.relu(squeeze.forward(pooled))).sigmoid();
            output = output * gate.view(gate.shape[0], gate.shape[1], 1, 1);
        }
        var residual = shortcut is null ? input : shortcut.forward(input);
        return nn.functional.relu(output.add_(residual)).MoveToOuterDisposeScope();
    }
}
