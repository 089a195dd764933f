using static IsdaDsl.Tests.Isda.TestData;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Gan;

/// <summary>Tiny float64 image batches for the objectives' tests: 1×2×3 images, flattened to 6 values for the reference.</summary>
internal static class GanTestData
{
    public const int Pixels = 6;

    /// <summary>Random images in [−1, 1], one row per sample.</summary>
    public static double[][] Images(Random rng, int count) => Matrix(rng, count, Pixels);

    /// <summary>The rows as a float64 image batch [N, 1, 2, 3].</summary>
    public static Tensor ImageTensor(double[][] rows, bool requiresGrad = false)
    {
        var images = ToTensor(rows).view(rows.Length, 1, 2, 3);
        return requiresGrad ? images.detach().requires_grad_(true) : images;
    }

    /// <summary>Asserts two scalars agree within <paramref name="tolerance"/>.</summary>
    public static void AssertClose(double expected, double actual, double tolerance, string what) =>
        Isda.TestData.AssertClose([expected], [actual], tolerance, what);

    /// <summary>The value of a scalar tensor.</summary>
    public static double Value(Tensor scalar) => scalar.detach().to(ScalarType.Float64).item<double>();
}
