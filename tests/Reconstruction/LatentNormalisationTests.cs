using IsdaDsl.Runtime.Reconstruction;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Reconstruction;

/// <summary>ẑ = (z − mean) / std per row, against loops in float64 and its gradient against central differences.</summary>
public sealed class LatentNormalisationTests
{
    [Fact]
    public void Each_row_is_centred_and_divided_by_its_unbiased_deviation()
    {
        using var scope = NewDisposeScope();
        var z = randn([5, 7], dtype: ScalarType.Float64, generator: new TorchSharp.torch.Generator(11)) * 3 + 2;

        var expected = ReconstructionReference.Normalise(ReconstructionReference.Rows(z));
        var actual = ReconstructionReference.Rows(LatentNormalisation.Normalise(z));

        for (var i = 0; i < 5; i++)
            for (var k = 0; k < 7; k++)
                Assert.Equal(expected[i][k], actual[i][k], 12);
    }

    [Fact]
    public void Its_gradient_matches_central_differences()
    {
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(12);
        var z = randn([3, 6], dtype: ScalarType.Float64, generator: generator);
        var weights = randn([3, 6], dtype: ScalarType.Float64, generator: generator);
        var input = z.clone().requires_grad_(true);
        LatentNormalisation.Normalise(input).mul(weights).sum().backward();
        var gradient = ReconstructionReference.Rows(input.grad!);

        // L(z) = Σ c ⊙ ẑ(z) in plain doubles; central differences have error O(h²) + O(ε/h) ≈ 1e-10 at h = 1e-6.
        var c = ReconstructionReference.Rows(weights);
        var values = ReconstructionReference.Rows(z);
        double Functional(double[][] rows) => ReconstructionReference.Normalise(rows).Select((row, i) => row.Select((v, k) => v * c[i][k]).Sum()).Sum();
        const double h = 1e-6;
        for (var i = 0; i < 3; i++)
        {
            for (var k = 0; k < 6; k++)
            {
                var saved = values[i][k];
                values[i][k] = saved + h;
                var up = Functional(values);
                values[i][k] = saved - h;
                var down = Functional(values);
                values[i][k] = saved;
                Assert.Equal((up - down) / (2 * h), gradient[i][k], 7);
            }
        }
    }

    [Fact]
    public void Rows_with_fewer_than_two_entries_are_rejected()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => LatentNormalisation.Normalise(ones(4, 1)));
        Assert.Throws<ArgumentException>(() => LatentNormalisation.Normalise(ones(4)));
    }
}
