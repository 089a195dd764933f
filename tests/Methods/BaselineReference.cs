namespace IsdaDsl.Tests.Methods;

/// <summary>
/// The baselines' losses written straight from their papers' formulas with plain loops over double arrays, sharing
/// nothing with the runtime, as the oracle for its tests. Arrays are row-major: z[i][j] is logit j of sample i.
/// </summary>
internal static class BaselineReference
{
    /// <summary>p_{i,y_i} = exp(z_{i,y_i}) / Σ_j exp(z_ij), with the row maximum subtracted first.</summary>
    public static double TargetProbability(double[] z, long y)
    {
        var max = z.Max();
        var sum = 0.0;
        foreach (var v in z)
        {
            sum += Math.Exp(v - max);
        }

        return Math.Exp(z[y] - max) / sum;
    }

    /// <summary>−log p_{i,y_i}.</summary>
    public static double CrossEntropy(double[] z, long y)
    {
        var max = z.Max();
        var sum = 0.0;
        foreach (var v in z)
        {
            sum += Math.Exp(v - max);
        }

        return Math.Log(sum) + max - z[y];
    }

    public static double MeanCrossEntropy(double[][] z, long[] y) =>
        Enumerable.Range(0, z.Length).Sum(i => CrossEntropy(z[i], y[i])) / z.Length;

    /// <summary>(1/N) Σ_i −α (1 − p_t)^γ log p_t.</summary>
    public static double Focal(double[][] z, long[] y, double alpha, double gamma)
    {
        var sum = 0.0;
        for (var i = 0; i < z.Length; i++)
        {
            var pt = TargetProbability(z[i], y[i]);
            sum += -alpha * Math.Pow(1 - pt, gamma) * Math.Log(pt);
        }

        return sum / z.Length;
    }

    /// <summary>(1/N) Σ_i (1 − p_t^q) / q.</summary>
    public static double Lq(double[][] z, long[] y, double q)
    {
        var sum = 0.0;
        for (var i = 0; i < z.Length; i++)
        {
            sum += (1 - Math.Pow(TargetProbability(z[i], y[i]), q)) / q;
        }

        return sum / z.Length;
    }

    /// <summary>z_ij = w_jᵀa_i + b_j.</summary>
    public static double[][] Logits(double[][] a, double[][] w, double[] b)
    {
        var z = new double[a.Length][];
        for (var i = 0; i < a.Length; i++)
        {
            z[i] = new double[w.Length];
            for (var j = 0; j < w.Length; j++)
            {
                var sum = b[j];
                for (var k = 0; k < a[i].Length; k++)
                {
                    sum += w[j][k] * a[i][k];
                }

                z[i][j] = sum;
            }
        }

        return z;
    }

    /// <summary>CE + λ (1/N) Σ_i ½ ‖a_i − c_{y_i}‖².</summary>
    public static double CenterLoss(double[][] z, double[][] a, long[] y, double[][] centres, double weight)
    {
        var pull = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            for (var k = 0; k < a[i].Length; k++)
            {
                var d = a[i][k] - centres[y[i]][k];
                pull += 0.5 * d * d;
            }
        }

        return MeanCrossEntropy(z, y) + weight * pull / a.Length;
    }

    /// <summary>Wen et al.: Δc_j = Σ_{i: y_i = j}(c_j − a_i) / (1 + n_j), c_j ← c_j − α Δc_j.</summary>
    public static double[][] UpdatedCentres(double[][] centres, double[][] a, long[] y, double alpha)
    {
        var result = new double[centres.Length][];
        for (var j = 0; j < centres.Length; j++)
        {
            var count = 0;
            var delta = new double[centres[j].Length];
            for (var i = 0; i < a.Length; i++)
            {
                if (y[i] != j)
                {
                    continue;
                }

                count++;
                for (var k = 0; k < delta.Length; k++)
                {
                    delta[k] += centres[j][k] - a[i][k];
                }
            }

            result[j] = new double[delta.Length];
            for (var k = 0; k < delta.Length; k++)
            {
                result[j][k] = centres[j][k] - alpha * delta[k] / (1 + count);
            }
        }

        return result;
    }

    /// <summary>ψ(θ) = (−1)^k cos(mθ) − 2k for θ ∈ [kπ/m, (k+1)π/m], by the angle itself.</summary>
    public static double Psi(double theta, int m)
    {
        var k = Math.Min((int)Math.Floor(theta * m / Math.PI), m - 1);
        return (k % 2 == 0 ? 1 : -1) * Math.Cos(m * theta) - 2 * k;
    }

    /// <summary>L-Softmax logits: the target one is ‖w_y‖‖a‖ψ(θ) + b_y with θ = acos(w_yᵀa / (‖w_y‖‖a‖)).</summary>
    public static double[][] MarginLogits(double[][] a, double[][] w, double[] b, long[] y, int m)
    {
        var z = Logits(a, w, b);
        for (var i = 0; i < a.Length; i++)
        {
            var wy = w[y[i]];
            double dot = 0, wNorm = 0, aNorm = 0;
            for (var k = 0; k < wy.Length; k++)
            {
                dot += wy[k] * a[i][k];
                wNorm += wy[k] * wy[k];
                aNorm += a[i][k] * a[i][k];
            }

            var norms = Math.Sqrt(wNorm) * Math.Sqrt(aNorm);
            var theta = Math.Acos(Math.Clamp(dot / norms, -1, 1));
            z[i][y[i]] = norms * Psi(theta, m) + b[y[i]];
        }

        return z;
    }
}
