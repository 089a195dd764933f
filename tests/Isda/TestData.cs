using TorchSharp;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Isda;

/// <summary>Random float64 test inputs and conversions between tensors and the reference's double arrays.</summary>
internal static class TestData
{
    public static double[][] Matrix(Random rng, int rows, int cols, double scale = 1, double offset = 0) =>
        Enumerable.Range(0, rows)
            .Select(_ => Enumerable.Range(0, cols).Select(_ => offset + scale * (2 * rng.NextDouble() - 1)).ToArray())
            .ToArray();

    public static double[] Vector(Random rng, int length, double scale = 1) =>
        Enumerable.Range(0, length).Select(_ => scale * (2 * rng.NextDouble() - 1)).ToArray();

    public static long[] Labels(Random rng, int count, params int[] classes) =>
        Enumerable.Range(0, count).Select(_ => (long)classes[rng.Next(classes.Length)]).ToArray();

    /// <summary>A random symmetric positive semi-definite A×A matrix per class (Σ = L Lᵀ / A).</summary>
    public static double[][,] Covariances(Random rng, int classes, int dim)
    {
        var result = new double[classes][,];
        for (var c = 0; c < classes; c++)
        {
            var l = Matrix(rng, dim, dim);
            var cov = new double[dim, dim];
            for (var i = 0; i < dim; i++)
            {
                for (var j = 0; j < dim; j++)
                {
                    for (var k = 0; k < dim; k++)
                    {
                        cov[i, j] += l[i][k] * l[j][k] / dim;
                    }
                }
            }

            result[c] = cov;
        }

        return result;
    }

    /// <summary>Diagonal covariances built from per-feature variances [C][A].</summary>
    public static double[][,] DiagonalMatrices(double[][] variances)
    {
        return variances.Select(v =>
        {
            var m = new double[v.Length, v.Length];
            for (var k = 0; k < v.Length; k++)
            {
                m[k, k] = v[k];
            }

            return m;
        }).ToArray();
    }

    public static Tensor ToTensor(double[][] rows, bool requiresGrad = false) =>
        tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, rows.Length == 0 ? 0 : rows[0].Length],
            ScalarType.Float64, requires_grad: requiresGrad);

    public static Tensor ToTensor(double[] values, bool requiresGrad = false) =>
        tensor(values, [values.Length], ScalarType.Float64, requires_grad: requiresGrad);

    public static Tensor ToTensor(long[] labels) => tensor(labels, [labels.Length], ScalarType.Int64);

    public static Tensor ToTensor(double[][,] matrices)
    {
        int c = matrices.Length, a = matrices[0].GetLength(0);
        var flat = new double[c * a * a];
        for (var k = 0; k < c; k++)
        {
            for (var i = 0; i < a; i++)
            {
                for (var j = 0; j < a; j++)
                {
                    flat[(k * a + i) * a + j] = matrices[k][i, j];
                }
            }
        }

        return tensor(flat, [c, a, a], ScalarType.Float64);
    }

    public static double[] Flat(Tensor t) => t.detach().to(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();

    public static double[] Flat(double[][] rows) => rows.SelectMany(r => r).ToArray();

    public static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var error = Math.Abs(expected[i] - actual[i]);
            Assert.True(
                error <= tolerance,
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (error {error:E2} > {tolerance:E0}).");
        }
    }
}
