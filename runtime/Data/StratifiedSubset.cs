using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Spec;

namespace IsdaDsl.Runtime.Data;

/// <summary>
/// The share of a training set a run trains on (<c>data.train_fraction</c>, docs/method.md §6.4): each class keeps
/// round(fraction × its images), at least one, the first of a permutation drawn from the run's seed and the class
/// alone; the kept images stay in their original order. The same seed keeps the same images, so the methods compared
/// at one seed train on one subset and a resumed run on the one it started with.
/// </summary>
public static class StratifiedSubset
{
    /// <summary>The indices kept of the images labelled <paramref name="labels"/>, ascending; fraction 1 keeps every one.</summary>
    public static int[] Indices(IReadOnlyList<int> labels, double fraction, int seed)
    {
        Ranged.Check("data.train_fraction", fraction, SpecSchema.TrainFractionRange);
        var kept = new List<int>();
        foreach (var members in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]))
        {
            var indices = members.ToArray();
            // Our own Fisher–Yates, as BatchLoader's; the class stands in for the epoch, so each class has its own stream.
            var random = DeterministicSeed.Create(seed, members.Key, DeterministicSeed.SubsetStream);
            for (var i = indices.Length - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (indices[i], indices[j]) = (indices[j], indices[i]);
            }
            kept.AddRange(indices.Take(Kept(fraction, indices.Length)));
        }
        kept.Sort();
        return [.. kept];
    }

    /// <summary>How many of a class's <paramref name="count"/> (≥ 1) images are kept: round(fraction × count), halves up, at least 1.</summary>
    public static int Kept(double fraction, int count) =>
        Math.Max(1, (int)Math.Round(fraction * count, MidpointRounding.AwayFromZero));
}
