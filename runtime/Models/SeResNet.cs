using IsdaDsl.Runtime.Configuration;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Models;

/// <summary>
/// SE-ResNet for CIFAR (Hu et al., "Squeeze-and-Excitation Networks"): the CIFAR ResNet of He et al. (depth 6n+2,
/// stages of n basic blocks at widths 16, 32, 64) with a squeeze-and-excitation unit on each block's residual
/// branch, just before the residual addition — as the published ISDA code's <c>se_resnet.py</c>: global average
/// pooling, a bias-free C → C/r → C bottleneck with ReLU and a sigmoid, and channel-wise rescaling.
/// </summary>
public sealed class SeResNet : ClassifierNetwork
{
    /// <summary>Channels of the first stage; the second and third have twice and four times as many.</summary>
    public const int Width = 16;

    private readonly Conv2d stem;
    private readonly BatchNorm2d stemNorm;
    private readonly Sequential stages;
    private readonly Linear classifier;

    /// <summary>
    /// Builds SE-ResNet-<paramref name="depth"/> with squeeze-and-excitation <paramref name="reduction"/> ratio r for
    /// <paramref name="inChannels"/>-channel images.
    /// </summary>
    public SeResNet(int depth, int reduction, int numClasses, int inChannels = 3) : base($"se_resnet{depth}")
    {
        if (depth < 8 || (depth - 2) % 6 != 0)
            throw new ArgumentException($"SE-ResNet depth must be 6n+2 with n ≥ 1 (8, 14, 20, 32, 56, 110, …), got {depth}", nameof(depth));
        if (reduction < 1 || reduction > Width)
            throw new ArgumentException($"SE-ResNet reduction must be between 1 and {Width} (the first stage's width), got {reduction}", nameof(reduction));
        Depth = depth;
        Reduction = reduction;
        NumClasses = numClasses;
        FeatureDim = 4 * Width;

        var blocksPerStage = (depth - 2) / 6;
        stem = nn.Conv2d(inChannels, Width, 3, padding: 1, bias: false);
        stemNorm = nn.BatchNorm2d(Width);
        var blocks = new List<nn.Module<Tensor, Tensor>>();
        var inPlanes = Width;
        foreach (var (planes, stride) in new[] { (Width, 1), (2 * Width, 2), (4 * Width, 2) })
        {
            for (var i = 0; i < blocksPerStage; i++)
            {
                blocks.Add(new SeBasicBlock(inPlanes, planes, i == 0 ? stride : 1, reduction));
                inPlanes = planes;
            }
        }
        stages = nn.Sequential(blocks);
        classifier = nn.Linear(FeatureDim, numClasses);
        RegisterComponents();
        WeightInit.KaimingConvolutions(this);
    }

    /// <summary>Total depth 6n+2.</summary>
    public int Depth { get; }

    /// <summary>Squeeze-and-excitation reduction ratio r (the bottleneck has C/r units).</summary>
    public int Reduction { get; }

    /// <inheritdoc/>
    public override int FeatureDim { get; }

    /// <inheritdoc/>
    public override int NumClasses { get; }

    /// <inheritdoc/>
    public override Linear Classifier => classifier;

    /// <inheritdoc/>
    public override Tensor Features(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = stages.forward(nn.functional.relu(stemNorm.forward(stem.forward(input))));
        return nn.functional.adaptive_avg_pool2d(x, 1).flatten(1).MoveToOuterDisposeScope();
    }

    /// <summary>Registers "se-resnet" with parameters depth (6n+2, default 110) and reduction (default 16).</summary>
    [Architecture("se-resnet")]
    internal sealed class Factory : IArchitecture
    {
        public ClassifierNetwork Create(Parameters parameters, InputShape input, int numClasses) =>
            new SeResNet(parameters.GetInt("depth", 110), parameters.GetInt("reduction", 16), numClasses, input.Channels);
    }

    /// <summary>
    /// conv–BN–ReLU–conv–BN, squeeze-and-excitation, plus the shortcut (identity, or 1×1 conv + BN when the shape
    /// changes, as <see cref="ResNetBasicBlock"/>), then ReLU.
    /// </summary>
    internal sealed class SeBasicBlock : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1;
        private readonly BatchNorm2d bn1;
        private readonly Conv2d conv2;
        private readonly BatchNorm2d bn2;
        private readonly Linear squeeze;
        private readonly Linear excite;
        private readonly Sequential? shortcut;

        public SeBasicBlock(int inPlanes, int planes, int stride, int reduction) : base(nameof(SeBasicBlock))
        {
            conv1 = nn.Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false);
            bn1 = nn.BatchNorm2d(planes);
            conv2 = nn.Conv2d(planes, planes, 3, stride: 1, padding: 1, bias: false);
            bn2 = nn.BatchNorm2d(planes);
            squeeze = nn.Linear(planes, planes / reduction, hasBias: false);
            excite = nn.Linear(planes / reduction, planes, hasBias: false);
            if (stride != 1 || inPlanes != planes)
                shortcut = nn.Sequential(nn.Conv2d(inPlanes, planes, 1, stride: stride, bias: false), nn.BatchNorm2d(planes));
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var output = bn2.forward(conv2.forward(nn.functional.relu(bn1.forward(conv1.forward(input)))));
            var pooled = nn.functional.adaptive_avg_pool2d(output, 1).flatten(1);
            var gate = excite.forward(nn.functional.relu(squeeze.forward(pooled))).sigmoid();
            output = output * gate.view(gate.shape[0], gate.shape[1], 1, 1);
            var residual = shortcut is null ? input : shortcut.forward(input);
            return nn.functional.relu(output.add_(residual)).MoveToOuterDisposeScope();
        }
    }
}
