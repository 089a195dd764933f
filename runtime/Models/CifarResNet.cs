using IsdaDsl.Runtime.Configuration;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Models;

/// <summary>
/// The CIFAR ResNet family of He et al. (depth 6n+2: 20, 32, 56, 110): a 3×3 stem, three stages of n basic
/// blocks at widths w, 2w, 4w (w = 16 in the paper) with stride 2 between stages, global average pooling,
/// and a linear classifier on the 4w-dimensional features.
/// </summary>
public class CifarResNet : ClassifierNetwork
{
    private readonly Conv2d stem;
    private readonly BatchNorm2d stemNorm;
    private readonly Sequential stages;
    private readonly Linear classifier;

    /// <summary>Builds ResNet-<paramref name="depth"/> for <paramref name="inChannels"/>-channel images.</summary>
    public CifarResNet(int depth, int numClasses, int inChannels = 3, int width = 16)
        : this($"resnet{depth}", "ResNet", depth, numClasses, inChannels, width, seReduction: 0)
    {
    }

    /// <summary>
    /// The same network with squeeze-and-excitation blocks of reduction <paramref name="seReduction"/> (0: none);
    /// <paramref name="family"/> names the network in error messages.
    /// </summary>
    protected CifarResNet(string name, string family, int depth, int numClasses, int inChannels, int width, int seReduction) : base(name)
    {
        if (depth < 8 || (depth - 2) % 6 != 0)
            throw new ArgumentException($"{family} depth must be 6n+2 with n ≥ 1 (8, 14, 20, 32, 56, 110, …), got {depth}", nameof(depth));
        if (width < 1)
            throw new ArgumentException($"{family} width must be ≥ 1, got {width}", nameof(width));
        Depth = depth;
        NumClasses = numClasses;
        FeatureDim = 4 * width;

        var blocksPerStage = (depth - 2) / 6;
        stem = nn.Conv2d(inChannels, width, 3, padding: 1, bias: false);
        stemNorm = nn.BatchNorm2d(width);
        var blocks = new List<nn.Module<Tensor, Tensor>>();
        var inPlanes = width;
        foreach (var (planes, stride) in new[] { (width, 1), (2 * width, 2), (4 * width, 2) })
        {
            for (var i = 0; i < blocksPerStage; i++)
            {
                blocks.Add(new ResNetBasicBlock(inPlanes, planes, i == 0 ? stride : 1, seReduction));
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
    /// The DSL's architecture "resnet" as typed options: one positional parameter per parameter SpecSchema declares
    /// for it (its key in PascalCase), which is where their defaults and ranges live.
    /// </summary>
    /// <param name="Depth">The DSL parameter of that name (SpecSchema).</param>
    /// <param name="Width">The DSL parameter of that name (SpecSchema).</param>
    [Architecture("resnet")]
    public sealed record Options(int Depth, int Width) : IArchitectureOptions
    {
        /// <inheritdoc/>
        public ClassifierNetwork Create(InputShape input, int numClasses) => new CifarResNet(Depth, numClasses, input.Channels, Width);
    }
}
