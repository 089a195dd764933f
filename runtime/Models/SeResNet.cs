using IsdaDsl.Runtime.Configuration;

namespace IsdaDsl.Runtime.Models;

/// <summary>
/// SE-ResNet for CIFAR (Hu et al., "Squeeze-and-Excitation Networks"): the CIFAR ResNet of He et al. (depth 6n+2,
/// stages of n basic blocks at widths 16, 32, 64) whose blocks carry a squeeze-and-excitation unit on the residual
/// branch (<see cref="ResNetBasicBlock"/> with a reduction r), as the published ISDA code's <c>se_resnet.py</c>.
/// </summary>
public sealed class SeResNet : CifarResNet
{
    /// <summary>Channels of the first stage; the second and third have twice and four times as many.</summary>
    public const int Width = 16;

    /// <summary>
    /// Builds SE-ResNet-<paramref name="depth"/> with squeeze-and-excitation <paramref name="reduction"/> ratio r for
    /// <paramref name="inChannels"/>-channel images.
    /// </summary>
    public SeResNet(int depth, int reduction, int numClasses, int inChannels = 3)
        : base($"se_resnet{depth}", "SE-ResNet", depth, numClasses, inChannels, Width, CheckReduction(reduction))
    {
        Reduction = reduction;
    }

    /// <summary>Squeeze-and-excitation reduction ratio r (the bottleneck has C/r units).</summary>
    public int Reduction { get; }

    // Checked before the base builds any block: a ratio above the first stage's width leaves no bottleneck unit.
    private static int CheckReduction(int reduction) =>
        reduction is >= 1 and <= Width
            ? reduction
            : throw new ArgumentException($"SE-ResNet reduction must be between 1 and {Width} (the first stage's width), got {reduction}", nameof(reduction));

    /// <summary>
    /// The DSL's architecture "se-resnet" as typed options: one positional parameter per parameter SpecSchema declares
    /// for it (its key in PascalCase), which is where their defaults and ranges live.
    /// </summary>
    /// <param name="Depth">The DSL parameter of that name (SpecSchema).</param>
    /// <param name="Reduction">The DSL parameter of that name (SpecSchema).</param>
    [Architecture("se-resnet")]
    public new sealed record Options(int Depth, int Reduction) : IArchitectureOptions
    {
        /// <inheritdoc/>
        public ClassifierNetwork Create(InputShape input, int numClasses) => new SeResNet(Depth, Reduction, numClasses, input.Channels);
    }
}
