using IsdaDsl.Runtime.Configuration;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Models;

/// <summary>
/// PyramidNet with bottleneck blocks for CIFAR (Han, Kim and Kim, "Deep Pyramidal Residual Networks", 2017), e.g.
/// PyramidNet-272 with α = 200: a 3×3 stem with 16 channels and BN, three stages of n = (d−2)/9 bottleneck blocks whose
/// width grows by α/(3n) per block (block i has round(16 + i·α/(3n)) bottleneck channels and 4× as many outputs),
/// stride 2 at the start of the second and third stages, a final BN–ReLU, global average pooling and a linear
/// classifier. A block is BN–conv1×1–BN–ReLU–conv3×3–BN–ReLU–conv1×1–BN with no ReLU after the addition; its shortcut
/// is the identity (2×2 average pooling where the block has stride 2) zero-padded to the block's extra channels — the
/// authors' PyTorch code (as in the published ISDA code's <c>shake_pyramidnet.py</c>, without ShakeDrop).
/// </summary>
public sealed class PyramidNet : ClassifierNetwork
{
    private const int StemWidth = 16;

    private readonly Conv2d stem;
    private readonly BatchNorm2d stemNorm;
    private readonly Sequential stages;
    private readonly BatchNorm2d finalNorm;
    private readonly Linear classifier;

    /// <summary>
    /// Builds bottleneck PyramidNet-<paramref name="depth"/> with widening <paramref name="alpha"/> for
    /// <paramref name="inChannels"/>-channel images.
    /// </summary>
    public PyramidNet(int depth, double alpha, int numClasses, int inChannels = 3) : base($"pyramidnet{depth}_{alpha}")
    {
        if (depth < 11 || (depth - 2) % 9 != 0)
            throw new ArgumentException($"PyramidNet (bottleneck) depth must be 9n+2 with n ≥ 1 (11, 110, 164, 200, 236, 272, …), got {depth}", nameof(depth));
        if (!(alpha >= 0 && double.IsFinite(alpha)))
            throw new ArgumentException($"PyramidNet alpha must be a finite number ≥ 0, got {alpha}", nameof(alpha));
        Depth = depth;
        Alpha = alpha;
        NumClasses = numClasses;

        var blocksPerStage = (depth - 2) / 9;
        var addRate = alpha / (3 * blocksPerStage);
        stem = nn.Conv2d(inChannels, StemWidth, 3, padding: 1, bias: false);
        stemNorm = nn.BatchNorm2d(StemWidth);
        var blocks = new List<nn.Module<Tensor, Tensor>>();
        // Widths accumulate by repeated addition and round half to even, as the authors' Python code does.
        double width = StemWidth;
        var inPlanes = StemWidth;
        foreach (var stageStride in new[] { 1, 2, 2 })
        {
            for (var i = 0; i < blocksPerStage; i++)
            {
                width += addRate;
                var planes = (int)Math.Round(width, MidpointRounding.ToEven);
                blocks.Add(new PyramidBottleneck(inPlanes, planes, i == 0 ? stageStride : 1));
                inPlanes = planes * PyramidBottleneck.Expansion;
            }
        }
        stages = nn.Sequential(blocks);
        FeatureDim = inPlanes;
        finalNorm = nn.BatchNorm2d(inPlanes);
        classifier = nn.Linear(FeatureDim, numClasses);
        RegisterComponents();
        WeightInit.KaimingConvolutions(this);
    }

    /// <summary>Total depth 9n+2.</summary>
    public int Depth { get; }

    /// <summary>Widening factor α: the bottleneck width grows from 16 to 16 + α over the network.</summary>
    public double Alpha { get; }

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
        var x = nn.functional.relu(finalNorm.forward(stages.forward(stemNorm.forward(stem.forward(input)))));
        return nn.functional.adaptive_avg_pool2d(x, 1).flatten(1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The DSL's architecture "pyramidnet" as typed options: one positional parameter per parameter SpecSchema declares
    /// for it (its key in PascalCase), which is where their defaults and ranges live.
    /// </summary>
    /// <param name="Depth">The DSL parameter of that name (SpecSchema).</param>
    /// <param name="Alpha">The DSL parameter of that name (SpecSchema).</param>
    [Architecture("pyramidnet")]
    public sealed record Options(int Depth, int Alpha) : IArchitectureOptions
    {
        /// <inheritdoc/>
        public ClassifierNetwork Create(InputShape input, int numClasses) => new PyramidNet(Depth, Alpha, numClasses, input.Channels);
    }

    /// <summary>The pyramidal bottleneck block with a zero-padded identity shortcut.</summary>
    internal sealed class PyramidBottleneck : nn.Module<Tensor, Tensor>
    {
        public const int Expansion = 4;

        private readonly BatchNorm2d bn1;
        private readonly Conv2d conv1;
        private readonly BatchNorm2d bn2;
        private readonly Conv2d conv2;
        private readonly BatchNorm2d bn3;
        private readonly Conv2d conv3;
        private readonly BatchNorm2d bn4;
        private readonly int stride;

        public PyramidBottleneck(int inPlanes, int planes, int stride) : base(nameof(PyramidBottleneck))
        {
            bn1 = nn.BatchNorm2d(inPlanes);
            conv1 = nn.Conv2d(inPlanes, planes, 1, bias: false);
            bn2 = nn.BatchNorm2d(planes);
            conv2 = nn.Conv2d(planes, planes, 3, stride: stride, padding: 1, bias: false);
            bn3 = nn.BatchNorm2d(planes);
            conv3 = nn.Conv2d(planes, planes * Expansion, 1, bias: false);
            bn4 = nn.BatchNorm2d(planes * Expansion);
            this.stride = stride;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var x = conv1.forward(bn1.forward(input));
            x = conv2.forward(nn.functional.relu(bn2.forward(x)));
            x = conv3.forward(nn.functional.relu(bn3.forward(x)));
            x = bn4.forward(x);
            var shortcut = stride == 1 ? input : nn.functional.avg_pool2d(input, 2, stride, ceil_mode: true);
            var extra = x.shape[1] - shortcut.shape[1];
            if (extra > 0)
                shortcut = nn.functional.pad(shortcut, [0, 0, 0, 0, 0, extra]);
            return x.add_(shortcut).MoveToOuterDisposeScope();
        }
    }
}
