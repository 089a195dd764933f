using IsdaDsl.Runtime.Configuration;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Models;

/// <summary>
/// ResNeXt for CIFAR (Xie et al., "Aggregated Residual Transformations for Deep Neural Networks", 2017), e.g.
/// ResNeXt-29 8×64d: a 3×3 stem with 64 channels, three stages of n = (d−2)/9 bottleneck blocks with outputs 256, 512
/// and 1024 channels and stride 2 between stages, global average pooling and a linear classifier on the
/// 1024-dimensional features. A block is 1×1 conv to C·w channels, grouped 3×3 conv with C groups (cardinality C,
/// w = base_width in the first stage, doubling per stage), 1×1 conv to the output, each followed by BN (ReLU after the
/// first two), plus the shortcut (identity, or 1×1 conv + BN when the shape changes), then ReLU — the published ISDA
/// code's <c>resnext.py</c> ("type C" block of the paper).
/// </summary>
public sealed class CifarResNeXt : ClassifierNetwork
{
    private readonly Conv2d stem;
    private readonly BatchNorm2d stemNorm;
    private readonly Sequential stages;
    private readonly Linear classifier;

    /// <summary>
    /// Builds ResNeXt-<paramref name="depth"/> (<paramref name="cardinality"/>×<paramref name="baseWidth"/>d) for
    /// <paramref name="inChannels"/>-channel images.
    /// </summary>
    public CifarResNeXt(int depth, int cardinality, int baseWidth, int numClasses, int inChannels = 3) : base($"resnext{depth}_{cardinality}x{baseWidth}d")
    {
        if (depth < 11 || (depth - 2) % 9 != 0)
            throw new ArgumentException($"ResNeXt depth must be 9n+2 with n ≥ 1 (11, 20, 29, 38, …), got {depth}", nameof(depth));
        if (cardinality < 1)
            throw new ArgumentException($"ResNeXt cardinality must be ≥ 1, got {cardinality}", nameof(cardinality));
        if (baseWidth < 1)
            throw new ArgumentException($"ResNeXt base_width must be ≥ 1, got {baseWidth}", nameof(baseWidth));
        Depth = depth;
        Cardinality = cardinality;
        BaseWidth = baseWidth;
        NumClasses = numClasses;
        FeatureDim = 256 * Bottleneck.Expansion;

        var blocksPerStage = (depth - 2) / 9;
        stem = nn.Conv2d(inChannels, 64, 3, padding: 1, bias: false);
        stemNorm = nn.BatchNorm2d(64);
        var blocks = new List<nn.Module<Tensor, Tensor>>();
        var inPlanes = 64;
        foreach (var (planes, stride) in new[] { (64, 1), (128, 2), (256, 2) })
        {
            for (var i = 0; i < blocksPerStage; i++)
            {
                blocks.Add(new Bottleneck(inPlanes, planes, cardinality, baseWidth, i == 0 ? stride : 1));
                inPlanes = planes * Bottleneck.Expansion;
            }
        }
        stages = nn.Sequential(blocks);
        classifier = nn.Linear(FeatureDim, numClasses);
        RegisterComponents();
        WeightInit.KaimingConvolutions(this);
    }

    /// <summary>Total depth 9n+2.</summary>
    public int Depth { get; }

    /// <summary>Cardinality C: the number of groups of each 3×3 convolution.</summary>
    public int Cardinality { get; }

    /// <summary>Width of one group in the first stage (d in "C×dd").</summary>
    public int BaseWidth { get; }

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

    /// <summary>
    /// The DSL's architecture "resnext" as typed options: one positional parameter per parameter SpecSchema declares
    /// for it (its key in PascalCase), which is where their defaults and ranges live.
    /// </summary>
    /// <param name="Depth">The DSL parameter of that name (SpecSchema).</param>
    /// <param name="Cardinality">The DSL parameter of that name (SpecSchema).</param>
    /// <param name="BaseWidth">The DSL parameter of that name (SpecSchema).</param>
    [Architecture("resnext")]
    public sealed record Options(int Depth, int Cardinality, int BaseWidth) : IArchitectureOptions
    {
        /// <inheritdoc/>
        public ClassifierNetwork Create(InputShape input, int numClasses) => new CifarResNeXt(Depth, Cardinality, BaseWidth, numClasses, input.Channels);
    }

    /// <summary>The aggregated-transformation bottleneck block (grouped 3×3 convolution), output 4× planes.</summary>
    internal sealed class Bottleneck : nn.Module<Tensor, Tensor>
    {
        public const int Expansion = 4;

        private readonly Conv2d reduce;
        private readonly BatchNorm2d reduceNorm;
        private readonly Conv2d grouped;
        private readonly BatchNorm2d groupedNorm;
        private readonly Conv2d expand;
        private readonly BatchNorm2d expandNorm;
        private readonly Sequential? shortcut;

        public Bottleneck(int inPlanes, int planes, int cardinality, int baseWidth, int stride) : base("ResNeXtBottleneck")
        {
            var width = planes * baseWidth / 64 * cardinality;
            reduce = nn.Conv2d(inPlanes, width, 1, bias: false);
            reduceNorm = nn.BatchNorm2d(width);
            grouped = nn.Conv2d(width, width, 3, stride: stride, padding: 1, groups: cardinality, bias: false);
            groupedNorm = nn.BatchNorm2d(width);
            expand = nn.Conv2d(width, planes * Expansion, 1, bias: false);
            expandNorm = nn.BatchNorm2d(planes * Expansion);
            if (stride != 1 || inPlanes != planes * Expansion)
                shortcut = nn.Sequential(nn.Conv2d(inPlanes, planes * Expansion, 1, stride: stride, bias: false), nn.BatchNorm2d(planes * Expansion));
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var x = nn.functional.relu(reduceNorm.forward(reduce.forward(input)));
            x = nn.functional.relu(groupedNorm.forward(grouped.forward(x)));
            x = expandNorm.forward(expand.forward(x));
            var residual = shortcut is null ? input : shortcut.forward(input);
            return nn.functional.relu(x.add_(residual)).MoveToOuterDisposeScope();
        }
    }
}
