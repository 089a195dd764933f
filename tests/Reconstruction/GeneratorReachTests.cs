using IsdaDsl.Runtime.Reconstruction;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Reconstruction;

/// <summary>The first-order reach of a generator: Jacobians against central differences, the trust-region residual against a search.</summary>
public sealed class GeneratorReachTests
{
    [Fact]
    public void Jacobians_match_central_differences_of_the_features_through_the_normalisation()
    {
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(21);
        var mixing = randn([5, 3], dtype: ScalarType.Float64, generator: generator);
        var offsets = randn([2, 3], dtype: ScalarType.Float64, generator: generator);
        // A nonlinear stand-in for f∘G∘normalisation whose output depends on the label, as a per-class generator's does.
        Tensor Features(Tensor z, Tensor labels) => LatentNormalisation.Normalise(z).mm(mixing).add(offsets.index_select(0, labels)).tanh();
        var latents = randn([2, 5], dtype: ScalarType.Float64, generator: generator);
        var labels = tensor(new long[] { 1, 0 });

        var jacobians = GeneratorReach.Jacobians(Features, latents, labels);

        Assert.Equal(new long[] { 2, 3, 5 }, jacobians.shape);
        const double h = 1e-6;
        for (var i = 0; i < 2; i++)
            for (var k = 0; k < 5; k++)
            {
                var plus = latents.narrow(0, i, 1).clone();
                var minus = plus.clone();
                plus[0, k] += h;
                minus[0, k] -= h;
                var numeric = (Features(plus, labels.narrow(0, i, 1)) - Features(minus, labels.narrow(0, i, 1))) / (2 * h);
                for (var r = 0; r < 3; r++)
                    Assert.Equal(numeric[0, r].item<double>(), jacobians[i, r, k].item<double>(), 7);
            }
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(10.0)]
    public void The_unreached_square_is_the_least_residual_over_moves_within_the_radius(double radius)
    {
        // Two latent dimensions, so that a polar search over the disk is an independent minimiser.
        using var scope = NewDisposeScope();
        double[] j = [2.0, 0.5, 0.3, 0.05, -1.0, 0.2];
        double[] delta = [1.0, -0.7, 0.4];

        var best = double.PositiveInfinity;
        for (var ring = 0; ring <= 400; ring++)
            for (var step = 0; step < 1440; step++)
            {
                var length = radius * ring / 400;
                var angle = 2 * Math.PI * step / 1440;
                var (x, y) = (length * Math.Cos(angle), length * Math.Sin(angle));
                var residual = 0.0;
                for (var r = 0; r < 3; r++)
                    residual += Math.Pow(j[2 * r] * x + j[2 * r + 1] * y - delta[r], 2);
                best = Math.Min(best, residual);
            }

        var computed = GeneratorReach.UnreachedSquares(
            tensor(j, [3, 2], ScalarType.Float64), tensor(delta, [1, 3], ScalarType.Float64), radius)[0];

        Assert.True(computed <= best + 1e-12, $"computed {computed} above the search's {best}");
        Assert.Equal(best, computed, 3);
    }

    [Fact]
    public void Without_room_to_move_nothing_is_reached_and_with_room_only_the_column_space_is()
    {
        using var scope = NewDisposeScope();
        var jacobian = tensor(new[] { 1.0, 0.0, 0.0, 2.0, 0.0, 0.0 }, [3, 2], ScalarType.Float64);
        var shifts = tensor(new[] { 0.5, 1.5, 2.0, 1.0, 0.0, -3.0 }, [2, 3], ScalarType.Float64);

        var still = GeneratorReach.UnreachedSquares(jacobian, shifts, 0);
        Assert.Equal(0.25 + 2.25 + 4.0, still[0], 12);
        Assert.Equal(1.0 + 9.0, still[1], 12);
        // Far enough, the move reaches the first two coordinates exactly; the third lies outside J's column space.
        var far = GeneratorReach.UnreachedSquares(jacobian, shifts, 100);
        Assert.Equal(4.0, far[0], 12);
        Assert.Equal(9.0, far[1], 12);
    }
}
