using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Training;

/// <summary>
/// Per-step scalars not yet read back from the device: for each step a few 0-d tensors (any of them absent where the
/// step has no such value) and what the host knows of the step (<typeparamref name="TStep"/>). The tensors leave the
/// dispose scope of their step and are read all at once, in one transfer, so the host waits for the device once per
/// read rather than once per step.
/// </summary>
/// <typeparam name="TStep">What the host keeps of each step beside its tensors (an image count, say).</typeparam>
internal sealed class UnreadScalars<TStep> : IDisposable
{
    private readonly List<(TStep Step, Tensor?[] Values)> steps = [];

    public int Count => steps.Count;

    /// <summary>Keeps a step's scalar <paramref name="values"/> (null where the step has none) beyond its dispose scope.</summary>
    public void Add(TStep step, params Tensor?[] values) =>
        steps.Add((step, values.Select(v => v?.DetachFromDisposeScope()).ToArray()));

    /// <summary>
    /// The kept steps in order, read in one transfer, and forgotten. Each value comes as float64 from its own dtype,
    /// which is exact for float32 and for counts below 2⁵³: the number a read of each step would give.
    /// </summary>
    public IReadOnlyList<(TStep Step, double?[] Values)> ReadAndClear()
    {
        var present = steps.SelectMany(s => s.Values).OfType<Tensor>().ToArray();
        var values = present.Length == 0 ? [] : Read(present);
        var read = new List<(TStep, double?[])>(steps.Count);
        var next = 0;
        foreach (var (step, tensors) in steps)
        {
            var row = new double?[tensors.Length];
            for (var k = 0; k < tensors.Length; k++)
                row[k] = tensors[k] is null ? null : values[next++];
            read.Add((step, row));
        }
        Dispose();
        return read;
    }

    private static double[] Read(Tensor[] values)
    {
        using var scope = NewDisposeScope();
        return stack(values.Select(v => v.to(ScalarType.Float64)).ToArray()).cpu().data<double>().ToArray();
    }

    public void Dispose()
    {
        foreach (var value in steps.SelectMany(s => s.Values))
            value?.Dispose();
        steps.Clear();
    }
}
