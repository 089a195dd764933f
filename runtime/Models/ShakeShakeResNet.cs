using IsdaDsl.Runtime.Configuration;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Models;

/// <summary>
/// Shake-Shake regularised ResNet of Gastaldi ("Shake-Shake regularization", 2017), e.g. Shake-Shake 26 2×32d: a 3×3
/// stem with 16 channels and BN, three stages of n = (d−2)/6 blocks at widths w, 2w, 4w (w = base_width) with stride 2
/// between stages, a final ReLU, global average pooling and a linear classifier on the 4w-dimensional features.
/// Each block has two residual branches (ReLU–conv3×3–BN–ReLU–conv3×3–BN) mixed by <see cref="Mix"/>
/// ("Shake-Shake-Image": a random forward weight α and an independent backward weight β per sample in training,
/// 0.5 in evaluation); a block that changes shape has Gastaldi's shortcut (ReLU, two 1×1 convolutions of w/2 channels
/// on the input and on the input shifted by one pixel, both subsampled by the stride, concatenated, BN) — the
/// published ISDA code's <c>shake_shake.py</c>.
/// </summary>
public sealed class ShakeShakeResNet : ClassifierNetwork
{
    private readonly Conv2d stem;
    private readonly BatchNorm2d stemNorm;
    private readonly Sequential stages;
    private readonly Linear classifier;

    /// <summary>
    /// Builds Shake-Shake <paramref name="depth"/> 2×<paramref name="baseWidth"/>d for <paramref name="inChannels"/>-channel images.
    /// </summary>
    public ShakeShakeResNet(int depth, int baseWidth, int numClasses, int inChannels = 3) : base($"shake_shake{depth}_2x{baseWidth}d")
    {
        if (depth < 8 || (depth - 2) % 6 != 0)
            throw new ArgumentException($"Shake-Shake depth must be 6n+2 with n ≥ 1 (8, 14, 20, 26, …), got {depth}", nameof(depth));
        if (baseWidth < 2 || baseWidth % 2 != 0)
            throw new ArgumentException($"Shake-Shake base_width must be even and ≥ 2 (32, 64, 96, 112, …), got {baseWidth}", nameof(baseWidth));
        Depth = depth;
        BaseWidth = baseWidth;
        NumClasses = numClasses;
        FeatureDim = 4 * baseWidth;

        var blocksPerStage = (depth - 2) / 6;
        stem = nn.Conv2d(inChannels, 16, 3, padding: 1);
        stemNorm = nn.BatchNorm2d(16);
        var blocks = new List<nn.Module<Tensor, Tensor>>();
        var inPlanes = 16;
        foreach (var (planes, stride) in new[] { (baseWidth, 1), (2 * baseWidth, 2), (4 * baseWidth, 2) })
        {
            for (var i = 0; i < blocksPerStage; i++)
            {
                blocks.Add(new ShakeBlock(inPlanes, planes, i == 0 ? stride : 1));
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

    /// <summary>Width w of each branch in the first stage (the "d" of 2×wd).</summary>
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
        var x = nn.functional.relu(stages.forward(stemNorm.forward(stem.forward(input))));
        return nn.functional.adaptive_avg_pool2d(x, 1).flatten(1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Shake-Shake mixing of two branch outputs [N, …]. In training, draws per sample α ~ U(0, 1) and then β ~ U(0, 1)
    /// from torch's global generator (so a seeded run is reproducible); the forward value is α·x1 + (1−α)·x2 while the
    /// gradients are β·g for x1 and (1−β)·g for x2, computed as β·x1 + (1−β)·x2 + ((α−β)·(x1−x2)).detach().
    /// In evaluation, 0.5·(x1 + x2).
    /// </summary>
    public static Tensor Mix(Tensor x1, Tensor x2, bool training)
    {
        if (!training)
            return x1.add(x2).mul_(0.5);
        using var scope = NewDisposeScope();
        var shape = new long[x1.dim()];
        Array.Fill(shape, 1L);
        shape[0] = x1.shape[0];
        var alpha = rand(shape, dtype: x1.dtype, device: x1.device);
        var beta = rand(shape, dtype: x1.dtype, device: x1.device);
        var gradientPath = beta * x1 + (1 - beta) * x2;
        var correction = ((alpha - beta) * (x1 - x2)).detach();
        return gradientPath.add_(correction).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The DSL's architecture "shake-shake" as typed options: one positional parameter per parameter SpecSchema declares
    /// for it (its key in PascalCase), which is where their defaults and ranges live.
    /// </summary>
    /// <param name="Depth">The DSL parameter of that name (SpecSchema).</param>
    /// <param name="BaseWidth">The DSL parameter of that name (SpecSchema).</param>
    [Architecture("shake-shake")]
    public sealed record Options(int Depth, int BaseWidth) : IArchitectureOptions
    {
        /// <inheritdoc/>
        public ClassifierNetwork Create(InputShape input, int numClasses) => new ShakeShakeResNet(Depth, BaseWidth, numClasses, input.Channels);
    }

    /// <summary>Two residual branches mixed by <see cref="Mix"/>, plus the identity or <see cref="ShakeShortcut"/>.</summary>
    internal sealed class ShakeBlock : nn.Module<Tensor, Tensor>
    {
        private readonly Sequential branch1;
        private readonly Sequential branch2;
        private readonly ShakeShortcut? shortcut;

        public ShakeBlock(int inPlanes, int planes, int stride) : base(nameof(ShakeBlock))
        {
            branch1 = Branch(inPlanes, planes, stride);
            branch2 = Branch(inPlanes, planes, stride);
            if (stride != 1 || inPlanes != planes)
                shortcut = new ShakeShortcut(inPlanes, planes, stride);
            RegisterComponents();
        }

        private static Sequential Branch(int inPlanes, int planes, int stride) => nn.Sequential(
            nn.ReLU(),
            nn.Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false),
            nn.BatchNorm2d(planes),
            nn.ReLU(),
            nn.Conv2d(planes, planes, 3, stride: 1, padding: 1, bias: false),
            nn.BatchNorm2d(planes));

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var mixed = Mix(branch1.forward(input), branch2.forward(input), training);
            var residual = shortcut is null ? input : shortcut.forward(input);
            return mixed.add_(residual).MoveToOuterDisposeScope();
        }
    }

    /// <summary>
    /// Gastaldi's shortcut for a change of shape: ReLU, then two 1×1 convolutions to half the output channels each, one
    /// on the input subsampled by the stride and one on the input shifted by one pixel (up-left, zero-filled) and
    /// subsampled, concatenated, then BN.
    /// </summary>
    internal sealed class ShakeShortcut : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv1;
        private readonly Conv2d conv2;
        private readonly BatchNorm2d norm;
        private readonly int stride;

        public ShakeShortcut(int inPlanes, int planes, int stride) : base(nameof(ShakeShortcut))
        {
            conv1 = nn.Conv2d(inPlanes, planes / 2, 1, bias: false);
            conv2 = nn.Conv2d(inPlanes, planes / 2, 1, bias: false);
            norm = nn.BatchNorm2d(planes);
            this.stride = stride;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            var h = nn.functional.relu(input);
            var height = h.shape[2];
            var width = h.shape[3];
            var shifted = nn.functional.pad(h.narrow(2, 1, height - 1).narrow(3, 1, width - 1), [0, 1, 0, 1]);
            var path1 = conv1.forward(Subsample(h));
            var path2 = conv2.forward(Subsample(shifted));
            return norm.forward(cat([path1, path2], 1)).MoveToOuterDisposeScope();
        }

        private Tensor Subsample(Tensor x) => stride == 1 ? x : nn.functional.avg_pool2d(x, 1, stride);
    }
}
