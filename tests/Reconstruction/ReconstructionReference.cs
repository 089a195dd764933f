using static TorchSharp.torch;

namespace IsdaDsl.Tests.Reconstruction;

/// <summary>The reconstruction's formulas in plain double loops, sharing nothing with the runtime, as the tests' oracle.</summary>
internal static class ReconstructionReference
{
    /// <summary>The rows of a 2-D tensor as float64 arrays.</summary>
    public static double[][] Rows(Tensor matrix)
    {
        using var values = matrix.detach().to(ScalarType.Float64).cpu().contiguous();
        var flat = values.data<double>().ToArray();
        var width = (int)matrix.shape[1];
        return Enumerable.Range(0, (int)matrix.shape[0]).Select(i => flat.Skip(i * width).Take(width).ToArray()).ToArray();
    }

    /// <summary>(z − mean) / std per row, std with divisor d − 1.</summary>
    public static double[][] Normalise(double[][] rows) => rows.Select(row =>
    {
        var mean = row.Sum() / row.Length;
        var std = Math.Sqrt(row.Sum(v => (v - mean) * (v - mean)) / (row.Length - 1));
        return row.Select(v => (v - mean) / std).ToArray();
    }).ToArray();

    /// <summary>(1/n) Σ x xᵀ of the rows: the covariance of zero-mean samples about the known mean 0.</summary>
    public static double[,] SecondMoment(IReadOnlyList<double[]> rows)
    {
        var width = rows[0].Length;
        var moment = new double[width, width];
        foreach (var x in rows)
            for (var j = 0; j < width; j++)
                for (var k = 0; k < width; k++)
                    moment[j, k] += x[j] * x[k];
        for (var j = 0; j < width; j++)
            for (var k = 0; k < width; k++)
                moment[j, k] /= rows.Count;
        return moment;
    }

    /// <summary>The mean of the rows.</summary>
    public static double[] Mean(IReadOnlyList<double[]> rows) =>
        Enumerable.Range(0, rows[0].Length).Select(k => rows.Sum(x => x[k]) / rows.Count).ToArray();

    /// <summary>Σ_jk ‖·‖² of the difference of two equally shaped row sets.</summary>
    public static double SquaredDistance(double[][] a, double[][] b) =>
        a.Select((row, i) => row.Select((v, k) => (v - b[i][k]) * (v - b[i][k])).Sum()).Sum();

    /// <summary>x Mᵀ + b for every row x.</summary>
    public static double[][] Affine(double[][] rows, double[][] matrix, double[]? bias = null) => rows.Select(x =>
        matrix.Select((m, r) => m.Select((v, k) => v * x[k]).Sum() + (bias?[r] ?? 0)).ToArray()).ToArray();
}
