namespace IsdaDsl.Tests.Isda;

/// <summary>
/// ISDA written straight from the formulas of docs/method.md §1, §2 and §3 with plain loops over double arrays,
/// sharing nothing with the runtime, as the oracle for its tests. Arrays are row-major: a[i][k] is feature k of
/// sample i.
/// </summary>
internal static class BruteForceReference
{
    /// <summary>Plain mean and biased (divide-by-n) covariance of every feature vector ever added, per class.</summary>
    internal sealed class ClassStatistics(int numClasses, int featureDim)
    {
        private readonly List<double[]>[] seen = Enumerable.Range(0, numClasses).Select(_ => new List<double[]>()).ToArray();

        public void Add(double[][] features, long[] labels)
        {
            for (var i = 0; i < labels.Length; i++)
            {
                seen[labels[i]].Add((double[])features[i].Clone());
            }
        }

        public int Count(int c) => seen[c].Count;

        public double[] Mean(int c)
        {
            var mean = new double[featureDim];
            foreach (var x in seen[c])
            {
                for (var k = 0; k < featureDim; k++)
                {
                    mean[k] += x[k];
                }
            }

            for (var k = 0; k < featureDim; k++)
            {
                mean[k] = seen[c].Count == 0 ? 0 : mean[k] / seen[c].Count;
            }

            return mean;
        }

        public double[,] Covariance(int c)
        {
            var mean = Mean(c);
            var cov = new double[featureDim, featureDim];
            foreach (var x in seen[c])
            {
                for (var k = 0; k < featureDim; k++)
                {
                    for (var l = 0; l < featureDim; l++)
                    {
                        cov[k, l] += (x[k] - mean[k]) * (x[l] - mean[l]);
                    }
                }
            }

            if (seen[c].Count > 0)
            {
                for (var k = 0; k < featureDim; k++)
                {
                    for (var l = 0; l < featureDim; l++)
                    {
                        cov[k, l] /= seen[c].Count;
                    }
                }
            }

            return cov;
        }
    }

    /// <summary>z̃_ij = w_jᵀa_i + b_j + (λ/2)(w_j − w_{y_i})ᵀ Σ_{y_i} (w_j − w_{y_i}).</summary>
    public static double[][] AugmentedLogits(
        double[][] a, double[][] w, double[] b, long[] y, double[][,] sigma, double lambda)
    {
        int n = a.Length, c = w.Length, dim = w[0].Length;
        var z = new double[n][];
        for (var i = 0; i < n; i++)
        {
            z[i] = new double[c];
            var s = sigma[y[i]];
            var wy = w[y[i]];
            for (var j = 0; j < c; j++)
            {
                var logit = b[j];
                for (var k = 0; k < dim; k++)
                {
                    logit += w[j][k] * a[i][k];
                }

                var quadratic = 0.0;
                for (var k = 0; k < dim; k++)
                {
                    for (var l = 0; l < dim; l++)
                    {
                        quadratic += (w[j][k] - wy[k]) * s[k, l] * (w[j][l] - wy[l]);
                    }
                }

                z[i][j] = logit + lambda / 2 * quadratic;
            }
        }

        return z;
    }

    /// <summary>p_ij = softmax_j(z̃_i).</summary>
    public static double[][] Probabilities(double[][] a, double[][] w, double[] b, long[] y, double[][,] sigma, double lambda)
    {
        var z = AugmentedLogits(a, w, b, y, sigma, lambda);
        return z.Select(row =>
        {
            var max = row.Max();
            var e = row.Select(v => Math.Exp(v - max)).ToArray();
            var sum = e.Sum();
            return e.Select(v => v / sum).ToArray();
        }).ToArray();
    }

    /// <summary>L∞ = (1/N) Σ_i −log p_{i, y_i}.</summary>
    public static double Loss(double[][] a, double[][] w, double[] b, long[] y, double[][,] sigma, double lambda)
    {
        var p = Probabilities(a, w, b, y, sigma, lambda);
        return -Enumerable.Range(0, a.Length).Sum(i => Math.Log(p[i][y[i]])) / a.Length;
    }

    /// <summary>The Appendix A closed-form gradients ∂L/∂a_i, ∂L/∂w_j and ∂L/∂b_j.</summary>
    public static (double[][] A, double[][] W, double[] B) Gradients(
        double[][] a, double[][] w, double[] b, long[] y, double[][,] sigma, double lambda)
    {
        int n = a.Length, c = w.Length, dim = w[0].Length;
        var p = Probabilities(a, w, b, y, sigma, lambda);
        var ga = new double[n][];
        var gw = Enumerable.Range(0, c).Select(_ => new double[dim]).ToArray();
        var gb = new double[c];
        for (var i = 0; i < n; i++)
        {
            var yi = (int)y[i];
            var s = sigma[yi];

            // ∂L/∂a_i = (1/N)(Σ_j p_ij w_j − w_{y_i}).
            ga[i] = new double[dim];
            for (var k = 0; k < dim; k++)
            {
                var sum = -w[yi][k];
                for (var j = 0; j < c; j++)
                {
                    sum += p[i][j] * w[j][k];
                }

                ga[i][k] = sum / n;
            }

            for (var j = 0; j < c; j++)
            {
                var indicator = j == yi ? 1.0 : 0.0;

                // ∂L/∂b_j = (1/N) Σ_i (p_ij − [j = y_i]).
                gb[j] += (p[i][j] - indicator) / n;

                for (var k = 0; k < dim; k++)
                {
                    // (1/N) Σ_i (p_ij − [j = y_i]) a_i.
                    gw[j][k] += (p[i][j] - indicator) * a[i][k] / n;

                    // j ≠ y_i: + (λ/N) p_ij Σ_{y_i} (w_j − w_{y_i}).
                    if (j != yi)
                    {
                        var term = 0.0;
                        for (var l = 0; l < dim; l++)
                        {
                            term += s[k, l] * (w[j][l] - w[yi][l]);
                        }

                        gw[j][k] += lambda / n * p[i][j] * term;
                    }
                }
            }

            // j = y_i: − (λ/N) Σ_k p_ik Σ_j (w_k − w_j).
            for (var k = 0; k < dim; k++)
            {
                var term = 0.0;
                for (var other = 0; other < c; other++)
                {
                    for (var l = 0; l < dim; l++)
                    {
                        term += p[i][other] * s[k, l] * (w[other][l] - w[yi][l]);
                    }
                }

                gw[yi][k] -= lambda / n * term;
            }
        }

        return (ga, gw, gb);
    }
}
