using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Training;

/// <summary>
/// A classifier's per-step metrics not yet read back from the device: a loss and a count (correct or wrong answers)
/// per step, with the step's number of images, read all at once (<see cref="UnreadScalars{TStep}"/>).
/// </summary>
internal sealed class StepMetrics : IDisposable
{
    private readonly UnreadScalars<int> steps = new();

    public int Count => steps.Count;

    /// <summary>Keeps a step's scalar <paramref name="loss"/> and <paramref name="answers"/> (a count) beyond its dispose scope.</summary>
    public void Add(Tensor loss, Tensor answers, int images) => steps.Add(images, loss, answers);

    /// <summary>The kept steps in order, read in one transfer, and forgotten; the loss as float64 from its own dtype, the count exactly.</summary>
    public IReadOnlyList<(double Loss, long Answers, int Images)> ReadAndClear() =>
        steps.ReadAndClear().Select(s => (s.Values[0]!.Value, (long)s.Values[1]!.Value, s.Step)).ToList();

    public void Dispose() => steps.Dispose();
}
