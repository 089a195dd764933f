using IsdaDsl.Runtime.Isda;
using IsdaDsl.Runtime.Methods;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Settings;
using TorchSharp;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Training;

/// <summary>
/// The classifier of a completed classification run, read from its checkpoint, in evaluation mode: its network and,
/// for an ISDA run, the class covariances its estimator ended with (docs/method.md §2) — what a reconstruction
/// (§10) samples its feature shifts from.
/// </summary>
public sealed class TrainedClassifier : IDisposable
{
    private TrainedClassifier(ClassifierNetwork network, Tensor? covariances, CovarianceKind? kind)
    {
        Network = network;
        Covariances = covariances;
        CovarianceKind = kind;
    }

    /// <summary>The trained network, in evaluation mode.</summary>
    public ClassifierNetwork Network { get; }

    /// <summary>ISDA's class covariances ([C, A, A] full, [C, A] diagonal); null when the run's method was not ISDA.</summary>
    public Tensor? Covariances { get; }

    /// <summary>Whether <see cref="Covariances"/> holds full matrices or per-feature variances; null without them.</summary>
    public CovarianceKind? CovarianceKind { get; }

    /// <summary>
    /// Reads the run in <paramref name="runFolder"/> (its <see cref="Checkpoint.FileName"/>), trained with
    /// <paramref name="settings"/> on images of <paramref name="input"/> in <paramref name="numClasses"/> classes, onto
    /// <paramref name="device"/>.
    /// </summary>
    public static TrainedClassifier Load(string runFolder, TrainingSettings settings, InputShape input, int numClasses, Device device)
    {
        var network = ArchitectureCatalog.Create(settings.Model, input, numClasses);
        try
        {
            using var method = MethodCatalog.Create(settings.Method, new MethodContext(numClasses, network.FeatureDim, CPU) { Input = input });
            using var optimizer = settings.Optimizer.Create(network.parameters());
            Checkpoint.LoadTrained(Path.Combine(runFolder, Checkpoint.FileName), network, optimizer, method);
            var isda = method as IsdaMethod;
            var covariances = isda?.Estimator.Covariances.to(device).DetachFromDisposeScope();
            network.to(device);
            network.eval();
            return new TrainedClassifier(network, covariances, isda?.Estimator.Kind);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Frees the network and the covariances.</summary>
    public void Dispose()
    {
        Network.Dispose();
        Covariances?.Dispose();
    }
}
