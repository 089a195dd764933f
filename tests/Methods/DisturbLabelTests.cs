using IsdaDsl.Runtime.Methods;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Methods;

[Collection(nameof(ProcessWideStateCollection))]
public class DisturbLabelTests
{
    private const int C = 10;
    private const int Draws = 20000;

    private static long[] Values(Tensor labels) => labels.cpu().data<long>().ToArray();

    [Fact]
    public void Rate_zero_changes_nothing_and_draws_nothing()
    {
        random.manual_seed(1);
        var labels = arange(Draws, dtype: ScalarType.Int64).remainder(C);
        var disturbed = DisturbLabelMethod.Disturb(labels, C, 0);
        Assert.True(disturbed.IsEqual(labels));
        var next = rand(4).data<float>().ToArray();
        random.manual_seed(1);
        Assert.Equal(rand(4).data<float>().ToArray(), next);
    }

    [Fact]
    public void Rate_zero_is_cross_entropy_bit_for_bit()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(2);
        using var network = TestNetworks.TinyResNet();
        var (images, labels) = TestNetworks.Batch();
        using var basic = new CrossEntropyMethod();
        using var disturb = new DisturbLabelMethod(0, C);
        var clock = new TrainingClock(0, 1);

        var expected = basic.Loss(network, images, labels, clock);
        var actual = disturb.Loss(network, images, labels, clock);
        Assert.Equal(expected.Loss.item<float>(), actual.Loss.item<float>());
        Assert.True(expected.Logits.IsEqual(actual.Logits));
    }

    [Fact]
    public void Rate_one_draws_every_label_uniformly()
    {
        random.manual_seed(3);
        var disturbed = Values(DisturbLabelMethod.Disturb(zeros(Draws, dtype: ScalarType.Int64), C, 1));
        var counts = new double[C];
        foreach (var label in disturbed)
        {
            counts[label]++;
        }

        // χ² with C − 1 = 9 degrees of freedom: 27.88 is its 99.9 % quantile.
        var expected = (double)Draws / C;
        var chiSquare = counts.Sum(o => (o - expected) * (o - expected) / expected);
        Assert.True(chiSquare < 27.88, $"χ² = {chiSquare:F2} for counts {string.Join(", ", counts)}");
    }

    [Fact]
    public void Each_label_is_replaced_with_probability_rate_by_a_uniform_one()
    {
        random.manual_seed(4);
        const double rate = 0.3;
        var labels = arange(Draws, dtype: ScalarType.Int64).remainder(C);
        var original = Values(labels);
        var disturbed = Values(DisturbLabelMethod.Disturb(labels, C, rate));
        Assert.Equal(Draws, disturbed.Length);
        Assert.All(disturbed, l => Assert.InRange(l, 0, C - 1));

        // A replaced label equals the true one with probability 1/C, so a label changes with probability rate (C − 1)/C.
        var changed = original.Zip(disturbed).Count(p => p.First != p.Second);
        var p = rate * (C - 1) / C;
        var sigma = Math.Sqrt(p * (1 - p) / Draws);
        Assert.True(Math.Abs((double)changed / Draws - p) < 4 * sigma, $"changed {changed} of {Draws}, expected {p * Draws}");

        // The changed labels are spread evenly over the other classes: (label − true) mod C is uniform on 1 … C − 1.
        var offsets = new double[C];
        foreach (var (o, d) in original.Zip(disturbed).Where(x => x.First != x.Second))
        {
            offsets[(d - o + C) % C]++;
        }

        var expected = changed / (double)(C - 1);
        var chiSquare = offsets.Skip(1).Sum(x => (x - expected) * (x - expected) / expected);
        Assert.True(chiSquare < 26.12, $"χ² = {chiSquare:F2} over 8 degrees of freedom");
    }

    [Fact]
    public void The_draws_are_reproducible_under_a_seed()
    {
        var labels = arange(500, dtype: ScalarType.Int64).remainder(C);
        random.manual_seed(5);
        var first = Values(DisturbLabelMethod.Disturb(labels, C, 0.5));
        var second = Values(DisturbLabelMethod.Disturb(labels, C, 0.5));
        random.manual_seed(5);
        Assert.Equal(first, Values(DisturbLabelMethod.Disturb(labels, C, 0.5)));
        Assert.Equal(second, Values(DisturbLabelMethod.Disturb(labels, C, 0.5)));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void The_loss_is_cross_entropy_against_the_disturbed_labels()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(6);
        using var network = TestNetworks.TinyResNet();
        var (images, labels) = TestNetworks.Batch();
        using var method = new DisturbLabelMethod(0.5, C);

        random.manual_seed(7);
        var (loss, logits) = method.Loss(network, images, labels, new TrainingClock(0, 1));
        random.manual_seed(7);
        var disturbed = DisturbLabelMethod.Disturb(labels, C, 0.5);
        Assert.False(disturbed.IsEqual(labels));
        Assert.Equal(nn.functional.cross_entropy(logits, disturbed).item<float>(), loss.item<float>());
        Assert.True(logits.allclose(network.forward(images), rtol: 1e-5, atol: 1e-6), "the returned logits are the plain ones");
    }

    [Fact]
    public void Invalid_rates_are_rejected()
    {
        Assert.Contains("rate must lie in [0, 1]", Assert.Throws<ArgumentException>(() => new DisturbLabelMethod(-0.1, C)).Message);
        Assert.Contains("rate must lie in [0, 1]", Assert.Throws<ArgumentException>(() => new DisturbLabelMethod(1.5, C)).Message);
        Assert.Throws<ArgumentException>(() => DisturbLabelMethod.Disturb(zeros(3, dtype: ScalarType.Int32), C, 0.1));
    }
}
