using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Training;

/// <summary>
/// Per-step metrics not yet read back from the device: a loss and a count (correct or wrong answers) per step, with
/// the step's number of images. They leave the dispose scope of their step and are read all at once, in one
/// transfer, so the host waits for the device once per read rather than once per step.
/// </summary>
internal sealed class StepMetrics : IDisposable
{
    private readonly List<(Tensor Loss, Tensor Answers, int Images)> steps = [];

    public int Count => steps.Count;

    /// <summary>Keeps a step's scalar <paramref name="loss"/> and <paramref name="answers"/> (a count) beyond its dispose scope.</summary>
    public void Add(Tensor loss, Tensor answers, int images) =>
        steps.Add((loss.DetachFromDisposeScope(), answers.DetachFromDisposeScope(), images));

    /// <summary>
    /// The kept steps in order, read in one transfer, and forgotten. The loss comes as float64 from its own dtype
    /// and the count exactly (float64 holds every count below 2⁵³): the values a read of each step would give.
    /// </summary>
    public IReadOnlyList<(double Loss, long Answers, int Images)> ReadAndClear()
    {
        if (steps.Count == 0)
            return [];
        double[] values;
        using (NewDisposeScope())
        {
            var losses = stack(steps.Select(s => s.Loss).ToArray()).to(ScalarType.Float64);
            var answers = stack(steps.Select(s => s.Answers).ToArray()).to(ScalarType.Float64);
            values = stack([losses, answers]).cpu().data<double>().ToArray();
        }
        var read = steps.Select((s, k) => (values[k], (long)values[steps.Count + k], s.Images)).ToList();
        Dispose();
        return read;
    }

    public void Dispose()
    {
        foreach (var (loss, answers, _) in steps)
        {
            loss.Dispose();
            answers.Dispose();
        }
        steps.Clear();
    }
}
