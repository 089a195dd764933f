using IsdaDsl.Runtime.Configuration;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Models;

/// <summary>
/// The ImageNet ResNets (He et al., depth 18, 34, 50, 101, 152) and ResNeXts (Xie et al., 50 32×4d and 101 32×8d) of
/// the TorchVision package, used as they are: TorchVision 0.107 has constructors for all of them (ResNeXt-101 32×8d
/// through its ResNet-101 builder, see <see cref="ResNeXt"/>) and its
/// <c>ResNet</c> module registers its parts (conv1, bn1, relu, maxpool, layer1–layer4, avgpool, fc) as named children,
/// so this class takes those children over under the same names — state dictionaries keep torchvision's keys — and
/// splits the network into features (everything up to and including the global average pooling, [N, 512] or
/// [N, 2048]) and the classifier <c>fc</c>. Images with other than 3 channels get their own 7×7 stem convolution
/// in place of torchvision's 3-channel one. TorchVision's ResNets are "v1.5" (stride on the 3×3 convolution of the
/// bottleneck) with 1×1 projection shortcuts.
/// </summary>
public sealed class ImageNetResNet : ClassifierNetwork
{
    /// <summary>The depths <see cref="ResNet"/> accepts.</summary>
    public static readonly IReadOnlyList<int> ResNetDepths = [18, 34, 50, 101, 152];

    /// <summary>The variants <see cref="ResNeXt"/> accepts.</summary>
    public static readonly IReadOnlyList<string> ResNeXtVariants = ["50-32x4d", "101-32x8d"];

    private readonly TorchSharp.Modules.ResNet source;
    private readonly nn.Module<Tensor, Tensor> stem;
    private readonly nn.Module<Tensor, Tensor>[] body;
    private readonly Linear classifier;

    private ImageNetResNet(string name, TorchSharp.Modules.ResNet source, int inChannels) : base(name)
    {
        this.source = source;
        var children = source.named_children().ToDictionary(c => c.name, c => c.module);
        nn.Module<Tensor, Tensor> Child(string key) => children.TryGetValue(key, out var child) && child is nn.Module<Tensor, Tensor> module
            ? module
            : throw new InvalidOperationException($"TorchVision's ResNet has no module '{key}'");

        if (inChannels == 3)
        {
            stem = Child("conv1");
        }
        else
        {
            var conv = nn.Conv2d(inChannels, 64, 7, stride: 2, padding: 3, bias: false);
            using (no_grad())
                nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
            stem = conv;
        }
        register_module("conv1", stem);
        var bodyNames = new[] { "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool" };
        body = bodyNames.Select(Child).ToArray();
        for (var i = 0; i < body.Length; i++)
            register_module(bodyNames[i], body[i]);
        classifier = Child("fc") as Linear ?? throw new InvalidOperationException("TorchVision's ResNet fc is not a Linear layer");
        register_module("fc", classifier);
        FeatureDim = (int)classifier.weight!.shape[1];
        NumClasses = (int)classifier.weight!.shape[0];
    }

    /// <summary>ImageNet ResNet-<paramref name="depth"/> (18, 34, 50, 101 or 152) from TorchVision.</summary>
    public static ImageNetResNet ResNet(int depth, int numClasses, int inChannels = 3)
    {
        var network = depth switch
        {
            18 => torchvision.models.resnet18(numClasses),
            34 => torchvision.models.resnet34(numClasses),
            50 => torchvision.models.resnet50(numClasses),
            101 => torchvision.models.resnet101(numClasses),
            152 => torchvision.models.resnet152(numClasses),
            _ => throw new ArgumentException($"ImageNet ResNet depth must be one of {string.Join(", ", ResNetDepths)}, got {depth}", nameof(depth)),
        };
        return new ImageNetResNet($"resnet{depth}", network, inChannels);
    }

    /// <summary>ImageNet ResNeXt <paramref name="variant"/> ("50-32x4d" or "101-32x8d") from TorchVision.</summary>
    public static ImageNetResNet ResNeXt(string variant, int numClasses, int inChannels = 3)
    {
        var network = variant switch
        {
            "50-32x4d" => torchvision.models.resnext50_32x4d(numClasses),
            // TorchVision 0.107's resnext101_32x8d builds the 50-layer stage layout ([3, 4, 6, 3], 48.0M parameters instead
            // of torchvision's 88.8M); its ResNet101 builder with 32 groups of width 8 is the real ResNeXt-101 32×8d.
            "101-32x8d" => TorchSharp.Modules.ResNet.ResNet101(numClasses, zero_init_residual: false, groups: 32, width_per_group: 8),
            _ => throw new ArgumentException($"ImageNet ResNeXt variant must be one of {string.Join(", ", ResNeXtVariants)}, got '{variant}'", nameof(variant)),
        };
        return new ImageNetResNet($"resnext{variant.Replace('-', '_')}", network, inChannels);
    }

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
        var x = stem.forward(input);
        foreach (var module in body)
            x = module.forward(x);
        return x.flatten(1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        // TorchVision's container (and its own stem when it was replaced); disposing a module twice does nothing.
        if (disposing)
            source.Dispose();
    }

    /// <summary>
    /// The DSL's architecture "imagenet-resnet" as typed options: one positional parameter per parameter SpecSchema declares
    /// for it (its key in PascalCase), which is where their defaults and ranges live.
    /// </summary>
    /// <param name="Depth">The DSL parameter of that name (SpecSchema).</param>
    [Architecture("imagenet-resnet")]
    public sealed record ResNetOptions(int Depth) : IArchitectureOptions
    {
        /// <inheritdoc/>
        public ClassifierNetwork Create(InputShape input, int numClasses) => ResNet(Depth, numClasses, input.Channels);
    }

    /// <summary>
    /// The DSL's architecture "imagenet-resnext" as typed options: one positional parameter per parameter SpecSchema declares
    /// for it (its key in PascalCase), which is where their defaults and ranges live.
    /// </summary>
    /// <param name="Variant">The DSL parameter of that name (SpecSchema).</param>
    [Architecture("imagenet-resnext")]
    public sealed record ResNeXtOptions(string Variant) : IArchitectureOptions
    {
        /// <inheritdoc/>
        public ClassifierNetwork Create(InputShape input, int numClasses) => ResNeXt(Variant, numClasses, input.Channels);
    }
}
