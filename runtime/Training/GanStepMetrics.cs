using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Training;

/// <summary>
/// A GAN's per-step metrics not yet read back from the device: the critic's loss, the generator's where it stepped,
/// and the WGANs' Wasserstein estimate and penalty, with the step's number of images, read all at once
/// (<see cref="UnreadScalars{TStep}"/>).
/// </summary>
internal sealed class GanStepMetrics : IDisposable
{
    private readonly UnreadScalars<int> steps = new();

    public int Count => steps.Count;

    /// <summary>Keeps a step's scalars (null where the step has none) beyond its dispose scope.</summary>
    public void Add(Tensor criticLoss, Tensor? generatorLoss, Tensor? wasserstein, Tensor? penalty, int images) =>
        steps.Add(images, criticLoss, generatorLoss, wasserstein, penalty);

    /// <summary>The kept steps in order, read in one transfer, and forgotten; each value as float64 from its own dtype.</summary>
    public IReadOnlyList<GanStep> ReadAndClear() =>
        steps.ReadAndClear().Select(s => new GanStep(s.Values[0]!.Value, s.Values[1], s.Values[2], s.Values[3], s.Step)).ToList();

    public void Dispose() => steps.Dispose();
}

/// <summary>One GAN step's metrics as read back (see <see cref="GanStepMetrics"/>).</summary>
internal readonly record struct GanStep(double CriticLoss, double? GeneratorLoss, double? Wasserstein, double? Penalty, int Images);
