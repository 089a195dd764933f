using IsdaDsl.Runtime.Configuration;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Models;

/// <summary>
/// DenseNet-BC for CIFAR (Huang et al., "Densely Connected Convolutional Networks", 2017), e.g. DenseNet-BC-100 with
/// growth rate k = 12: a 3×3 stem with 2k channels, three dense blocks of n = (d−4)/6 bottleneck layers
/// (BN–ReLU–conv1×1 to 4k–BN–ReLU–conv3×3 to k, output concatenated to the input), transitions between blocks
/// (BN–ReLU–conv1×1 compressing m channels to ⌊θm⌋, 2×2 average pooling), a final BN–ReLU, global average pooling and a
/// linear classifier — the published ISDA code's <c>densenet_bc.py</c> without dropout.
/// </summary>
public sealed class DenseNetBC : ClassifierNetwork
{
    private readonly Conv2d stem;
    private readonly Sequential blocks;
    private readonly BatchNorm2d finalNorm;
    private readonly Linear classifier;

    /// <summary>
    /// Builds DenseNet-BC-<paramref name="depth"/> with growth rate <paramref name="growthRate"/> and transition
    /// <paramref name="compression"/> θ for <paramref name="inChannels"/>-channel images.
    /// </summary>
    public DenseNetBC(int depth, int growthRate, double compression, int numClasses, int inChannels = 3) : base($"densenet_bc{depth}_{growthRate}")
    {
        if (depth < 10 || (depth - 4) % 6 != 0)
            throw new ArgumentException($"DenseNet-BC depth must be 6n+4 with n ≥ 1 (10, 16, 40, 100, 190, …), got {depth}", nameof(depth));
        if (growthRate < 1)
            throw new ArgumentException($"DenseNet-BC growth_rate must be ≥ 1, got {growthRate}", nameof(growthRate));
        if (!(compression > 0 && compression <= 1))
            throw new ArgumentException($"DenseNet-BC compression must be in (0, 1], got {compression}", nameof(compression));
        Depth = depth;
        GrowthRate = growthRate;
        Compression = compression;
        NumClasses = numClasses;

        var layersPerBlock = (depth - 4) / 6;
        var channels = 2 * growthRate;
        stem = nn.Conv2d(inChannels, channels, 3, padding: 1, bias: false);
        var modules = new List<nn.Module<Tensor, Tensor>>();
        for (var block = 0; block < 3; block++)
        {
            for (var i = 0; i < layersPerBlock; i++)
            {
                modules.Add(new DenseLayer(channels, growthRate));
                channels += growthRate;
            }
            if (block < 2)
            {
                var compressed = (int)Math.Floor(channels * compression);
                if (compressed < 1)
                    throw new ArgumentException($"DenseNet-BC compression {compression} leaves no channel of {channels} at a transition", nameof(compression));
                modules.Add(new Transition(channels, compressed));
                channels = compressed;
            }
        }
        blocks = nn.Sequential(modules);
        FeatureDim = channels;
        finalNorm = nn.BatchNorm2d(channels);
        classifier = nn.Linear(FeatureDim, numClasses);
        RegisterComponents();
        WeightInit.KaimingConvolutions(this);
    }

    /// <summary>Total depth 6n+4.</summary>
    public int Depth { get; }

    /// <summary>Growth rate k: channels each dense layer adds.</summary>
    public int GrowthRate { get; }

    /// <summary>Compression θ of the transitions.</summary>
    public double Compression { get; }

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
        var x = nn.functional.relu(finalNorm.forward(blocks.forward(stem.forward(input))));
        return nn.functional.adaptive_avg_pool2d(x, 1).flatten(1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The DSL's architecture "densenet-bc" as typed options: one positional parameter per parameter SpecSchema declares
    /// for it (its key in PascalCase), which is where their defaults and ranges live.
    /// </summary>
    /// <param name="Depth">The DSL parameter of that name (SpecSchema).</param>
    /// <param name="GrowthRate">The DSL parameter of that name (SpecSchema).</param>
    /// <param name="Compression">The DSL parameter of that name (SpecSchema).</param>
    [Architecture("densenet-bc")]
    public sealed record Options(int Depth, int GrowthRate, double Compression) : IArchitectureOptions
    {
        /// <inheritdoc/>
        public ClassifierNetwork Create(InputShape input, int numClasses) => new DenseNetBC(Depth, GrowthRate, Compression, numClasses, input.Channels);
    }

    /// <summary>One bottleneck layer: its k new channels concatenated after its input's.</summary>
    internal sealed class DenseLayer : nn.Module<Tensor, Tensor>
    {
        private readonly BatchNorm2d norm1;
        private readonly Conv2d conv1;
        private readonly BatchNorm2d norm2;
        private readonly Conv2d conv2;

        public DenseLayer(int inChannels, int growthRate) : base(nameof(DenseLayer))
        {
            norm1 = nn.BatchNorm2d(inChannels);
            conv1 = nn.Conv2d(inChannels, 4 * growthRate, 1, bias: false);
            norm2 = nn.BatchNorm2d(4 * growthRate);
            conv2 = nn.Conv2d(4 * growthRate, growthRate, 3, padding: 1, bias: false);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var x = conv1.forward(nn.functional.relu(norm1.forward(input)));
            x = conv2.forward(nn.functional.relu(norm2.forward(x)));
            return cat([input, x], 1).MoveToOuterDisposeScope();
        }
    }

    /// <summary>BN–ReLU–conv1×1 (compression)–2×2 average pooling between dense blocks.</summary>
    internal sealed class Transition : nn.Module<Tensor, Tensor>
    {
        private readonly BatchNorm2d norm;
        private readonly Conv2d conv;

        public Transition(int inChannels, int outChannels) : base(nameof(Transition))
        {
            norm = nn.BatchNorm2d(inChannels);
            conv = nn.Conv2d(inChannels, outChannels, 1, bias: false);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var x = conv.forward(nn.functional.relu(norm.forward(input)));
            return nn.functional.avg_pool2d(x, 2, 2).MoveToOuterDisposeScope();
        }
    }
}
