using CsCheck;
using IsdaDsl.Runtime.Data;

namespace IsdaDsl.Tests.Data;

/// <summary><c>data.train_fraction</c>'s subset, on labels alone: its size per class, its seed, its order.</summary>
public sealed class StratifiedSubsetTests
{
    /// <summary>1 000 labels, i² mod 10: six classes of 100 or 200 images, interleaved unevenly.</summary>
    private static readonly int[] Labels = [.. Enumerable.Range(0, 1000).Select(i => i * i % 10)];

    [Fact]
    public void Over_random_labels_each_class_keeps_its_rounded_share_in_the_original_order()
    {
        Gen.Select(Gen.Int[0, 6].Array[1, 300], Gen.Double[0, 1], Gen.Int).Sample(t =>
        {
            var (labels, drawn, seed) = t;
            // (0, 1], the declared range: 0 itself is rejected.
            var fraction = Math.Max(drawn, 1e-3);
            var kept = StratifiedSubset.Indices(labels, fraction, seed);

            Assert.Equal(kept.Order().Distinct(), kept);
            Assert.All(kept, i => Assert.InRange(i, 0, labels.Length - 1));
            foreach (var group in labels.GroupBy(label => label))
            {
                var expected = Math.Max(1, (int)Math.Round(fraction * group.Count(), MidpointRounding.AwayFromZero));
                Assert.Equal(expected, kept.Count(i => labels[i] == group.Key));
            }
            Assert.Equal(kept, StratifiedSubset.Indices(labels, fraction, seed));
        });
    }

    [Fact]
    public void A_tenth_keeps_a_tenth_of_each_class()
    {
        var kept = StratifiedSubset.Indices(Labels, 0.1, seed: 0);

        var counts = Labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(counts, c => Assert.Equal((int)Math.Round(0.1 * c.Value, MidpointRounding.AwayFromZero), kept.Count(i => Labels[i] == c.Key)));
        Assert.Equal(100, kept.Length);
    }

    [Fact]
    public void The_same_seed_keeps_the_same_images_and_another_seed_others()
    {
        var first = StratifiedSubset.Indices(Labels, 0.1, seed: 0);

        Assert.Equal(first, StratifiedSubset.Indices(Labels, 0.1, seed: 0));
        Assert.NotEqual(first, StratifiedSubset.Indices(Labels, 0.1, seed: 1));
    }

    [Fact]
    public void A_class_too_small_for_the_fraction_keeps_one_image()
    {
        int[] labels = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 2];

        var kept = StratifiedSubset.Indices(labels, 0.1, seed: 4);

        Assert.Equal([1, 1, 1], new[] { 0, 1, 2 }.Select(c => kept.Count(i => labels[i] == c)));
        Assert.Contains(10, kept);
    }

    [Fact]
    public void The_whole_fraction_keeps_every_image_in_order()
    {
        Assert.Equal(Enumerable.Range(0, Labels.Length), StratifiedSubset.Indices(Labels, 1, seed: 7));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_fraction_outside_0_to_1_is_refused_with_the_builds_words(double fraction)
    {
        var error = Assert.Throws<ArgumentException>(() => StratifiedSubset.Indices(Labels, fraction, seed: 0));

        Assert.StartsWith("data.train_fraction must", error.Message);
    }
}
