using static IsdaDsl.Tests.Isda.TestData;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Methods;

/// <summary>Autograd against central finite differences, in float64, as the ISDA loss tests check it.</summary>
internal static class GradientCheck
{
    /// <summary>
    /// Back-propagates <paramref name="loss"/>() into the float64 leaves, then compares each leaf's gradient with
    /// (L(x + h) − L(x − h)) / 2h entry by entry.
    /// </summary>
    public static void AssertAutogradMatchesFiniteDifferences(Func<Tensor> loss, double tolerance, params (string Name, Tensor Leaf)[] leaves)
    {
        foreach (var (_, leaf) in leaves)
        {
            Assert.Equal(ScalarType.Float64, leaf.dtype);
            Assert.True(leaf.requires_grad);
            leaf.grad?.zero_();
        }

        loss().backward();
        foreach (var (name, leaf) in leaves)
        {
            var analytic = Flat(leaf.grad!);
            var numeric = new double[analytic.Length];
            var flat = leaf.view(-1);
            const double h = 1e-6;
            for (var e = 0; e < numeric.Length; e++)
            {
                using var noGrad = no_grad();
                var original = flat[e].item<double>();
                flat[e] = original + h;
                var plus = loss().item<double>();
                flat[e] = original - h;
                var minus = loss().item<double>();
                flat[e] = original;
                numeric[e] = (plus - minus) / (2 * h);
            }

            AssertClose(numeric, analytic, tolerance, $"∂L/∂{name}");
        }
    }
}
