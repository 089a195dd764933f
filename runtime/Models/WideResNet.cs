using IsdaDsl.Runtime.Configuration;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Models;

/// <summary>
/// Wide residual network WRN-d-k of Zagoruyko &amp; Komodakis ("Wide Residual Networks", 2016) for CIFAR: a 3×3 stem
/// with 16 channels, three stages of n = (d−4)/6 pre-activation blocks (BN–ReLU–conv3×3–BN–ReLU–dropout–conv3×3) at
/// widths 16k, 32k, 64k with stride 2 between stages, a final BN–ReLU, global average pooling and a linear
/// classifier on the 64k-dimensional features. When a block changes width or stride, its shortcut is a 1×1
/// convolution of the pre-activated input (as the published ISDA code's <c>wideresnet.py</c>).
/// </summary>
public sealed class WideResNet : ClassifierNetwork
{
    private readonly Conv2d stem;
    private readonly Sequential stages;
    private readonly BatchNorm2d finalNorm;
    private readonly Linear classifier;

    /// <summary>
    /// Builds WRN-<paramref name="depth"/>-<paramref name="widenFactor"/> with dropout probability
    /// <paramref name="dropout"/> between the two convolutions of each block, for <paramref name="inChannels"/>-channel images.
    /// </summary>
    public WideResNet(int depth, int widenFactor, double dropout, int numClasses, int inChannels = 3) : base($"wrn{depth}_{widenFactor}")
    {
        if (depth < 10 || (depth - 4) % 6 != 0)
            throw new ArgumentException($"Wide-ResNet depth must be 6n+4 with n ≥ 1 (10, 16, 22, 28, 40, …), got {depth}", nameof(depth));
        if (widenFactor < 1)
            throw new ArgumentException($"Wide-ResNet widen_factor must be ≥ 1, got {widenFactor}", nameof(widenFactor));
        if (!(dropout >= 0 && dropout < 1))
            throw new ArgumentException($"Wide-ResNet dropout must be in [0, 1), got {dropout}", nameof(dropout));
        Depth = depth;
        WidenFactor = widenFactor;
        Dropout = dropout;
        NumClasses = numClasses;
        FeatureDim = 64 * widenFactor;

        var blocksPerStage = (depth - 4) / 6;
        stem = nn.Conv2d(inChannels, 16, 3, padding: 1, bias: false);
        var blocks = new List<nn.Module<Tensor, Tensor>>();
        var inPlanes = 16;
        foreach (var (planes, stride) in new[] { (16 * widenFactor, 1), (32 * widenFactor, 2), (64 * widenFactor, 2) })
        {
            for (var i = 0; i < blocksPerStage; i++)
            {
                blocks.Add(new WideBasicBlock(inPlanes, planes, i == 0 ? stride : 1, dropout));
                inPlanes = planes;
            }
        }
        stages = nn.Sequential(blocks);
        finalNorm = nn.BatchNorm2d(FeatureDim);
        classifier = nn.Linear(FeatureDim, numClasses);
        RegisterComponents();
        WeightInit.KaimingConvolutions(this);
    }

    /// <summary>Total depth 6n+4.</summary>
    public int Depth { get; }

    /// <summary>Widening factor k.</summary>
    public int WidenFactor { get; }

    /// <summary>Dropout probability between the two convolutions of each block (active in training mode only).</summary>
    public double Dropout { get; }

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
        var x = nn.functional.relu(finalNorm.forward(stages.forward(stem.forward(input))));
        return nn.functional.adaptive_avg_pool2d(x, 1).flatten(1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The DSL's architecture "wide-resnet" as typed options: one positional parameter per parameter SpecSchema declares
    /// for it (its key in PascalCase), which is where their defaults and ranges live.
    /// </summary>
    /// <param name="Depth">The DSL parameter of that name (SpecSchema).</param>
    /// <param name="WidenFactor">The DSL parameter of that name (SpecSchema).</param>
    /// <param name="Dropout">The DSL parameter of that name (SpecSchema).</param>
    [Architecture("wide-resnet")]
    public sealed record Options(int Depth, int WidenFactor, double Dropout) : IArchitectureOptions
    {
        /// <inheritdoc/>
        public ClassifierNetwork Create(InputShape input, int numClasses) => new WideResNet(Depth, WidenFactor, Dropout, numClasses, input.Channels);
    }

    /// <summary>The pre-activation wide block: BN–ReLU–conv3×3–BN–ReLU–dropout–conv3×3, plus the shortcut.</summary>
    internal sealed class WideBasicBlock : nn.Module<Tensor, Tensor>
    {
        private readonly BatchNorm2d bn1;
        private readonly Conv2d conv1;
        private readonly BatchNorm2d bn2;
        private readonly Conv2d conv2;
        private readonly Conv2d? shortcut;
        private readonly double dropout;

        public WideBasicBlock(int inPlanes, int planes, int stride, double dropout) : base(nameof(WideBasicBlock))
        {
            bn1 = nn.BatchNorm2d(inPlanes);
            conv1 = nn.Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false);
            bn2 = nn.BatchNorm2d(planes);
            conv2 = nn.Conv2d(planes, planes, 3, stride: 1, padding: 1, bias: false);
            if (stride != 1 || inPlanes != planes)
                shortcut = nn.Conv2d(inPlanes, planes, 1, stride: stride, bias: false);
            this.dropout = dropout;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var activated = nn.functional.relu(bn1.forward(input));
            var output = nn.functional.relu(bn2.forward(conv1.forward(activated)));
            if (dropout > 0)
                output = nn.functional.dropout(output, dropout, training);
            output = conv2.forward(output);
            var residual = shortcut is null ? input : shortcut.forward(activated);
            return output.add_(residual).MoveToOuterDisposeScope();
        }
    }
}
