using IsdaDsl.Runtime.Methods;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Settings;
using IsdaDsl.Runtime.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Methods;

/// <summary>Small networks for the method tests.</summary>
internal static class TestNetworks
{
    /// <summary>The tiny CIFAR ResNet the method tests train: depth 8, width 4, one-channel 8×8 images, 10 classes.</summary>
    public static CifarResNet TinyResNet() => new(8, numClasses: 10, inChannels: 1, width: 4);

    /// <summary>
    /// The network, optimiser and method state that <paramref name="checkpoint"/> of a run of <paramref name="settings"/>
    /// on <paramref name="input"/> images of <paramref name="classes"/> classes restores, as the bytes each writes.
    /// </summary>
    public static byte[] CheckpointState(TrainingSettings settings, string checkpoint, InputShape input, int classes, Func<ClassifierNetwork, MethodContext> context)
    {
        using var scope = NewDisposeScope();
        using var network = ArchitectureCatalog.Create(settings.Model, input, classes);
        using var method = MethodCatalog.Create(settings.Method, context(network));
        using var optimizer = settings.Optimizer.Create(network.parameters());
        Checkpoint.Load(checkpoint, network, optimizer, method);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            network.save(writer);
            optimizer.save_state_dict(writer);
            method.Save(writer);
        }
        return stream.ToArray();
    }

    /// <summary>A batch for <see cref="TinyResNet"/>: 12 images, every class present, classes 0 and 1 twice.</summary>
    public static (Tensor Images, Tensor Labels) Batch() =>
        (randn(12, 1, 8, 8), arange(12, dtype: ScalarType.Int64).remainder(10));
}

/// <summary>
/// A "network" whose features are a fixed tensor, whatever the input, and whose classifier is the identity
/// (weight I, bias 0, C = A): its logits are exactly the features after whatever a method does to them.
/// </summary>
internal sealed class FixedFeaturesNetwork : ClassifierNetwork
{
    private readonly Tensor features;
    private readonly Linear classifier;

    public FixedFeaturesNetwork(Tensor features) : base(nameof(FixedFeaturesNetwork))
    {
        this.features = features;
        FeatureDim = NumClasses = (int)features.shape[1];
        classifier = nn.Linear(FeatureDim, NumClasses, dtype: features.dtype);
        using (no_grad())
        {
            classifier.weight!.copy_(eye(FeatureDim, dtype: features.dtype));
            classifier.bias!.zero_();
        }

        RegisterComponents();
    }

    public override int FeatureDim { get; }

    public override int NumClasses { get; }

    public override Linear Classifier => classifier;

    public override Tensor Features(Tensor input) => features.alias();
}

/// <summary>Exact comparison of tensors.</summary>
internal static class TensorComparison
{
    /// <summary>Same shape and the same value in every entry (bit for bit, up to ±0).</summary>
    public static bool IsEqual(this Tensor actual, Tensor expected) =>
        actual.shape.SequenceEqual(expected.shape) && actual.eq(expected).all().item<bool>();
}
