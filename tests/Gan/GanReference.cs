namespace IsdaDsl.Tests.Gan;

/// <summary>
/// The GAN objectives of docs/method.md §9.3 written straight from their formulas with plain loops over double arrays,
/// sharing nothing with the runtime, as the oracle for its tests. Images are flattened: x[i] is sample i's vector.
/// </summary>
internal static class GanReference
{
    /// <summary>score(x, y) = Σ_h a_h φ(W1_h·x + b1_h) + b0 (+ e_y).</summary>
    public static double Score(CriticWeights w, double[] x, long? label = null)
    {
        var score = w.B0;
        for (var h = 0; h < w.A.Length; h++)
        {
            var u = w.B1[h];
            for (var k = 0; k < x.Length; k++)
                u += w.W1[h][k] * x[k];
            score += w.A[h] * (w.Linear ? u : Math.Tanh(u));
        }

        if (label is { } y)
            score += w.LabelOffset![y];
        return score;
    }

    /// <summary>∇ₓ score = Σ_h a_h φ′(W1_h·x + b1_h) W1_h, with tanh′ = 1 − tanh² (the label offset does not depend on x).</summary>
    public static double[] ScoreGradient(CriticWeights w, double[] x)
    {
        var gradient = new double[x.Length];
        for (var h = 0; h < w.A.Length; h++)
        {
            var u = w.B1[h];
            for (var k = 0; k < x.Length; k++)
                u += w.W1[h][k] * x[k];
            var slope = w.Linear ? 1 : 1 - Math.Tanh(u) * Math.Tanh(u);
            for (var k = 0; k < x.Length; k++)
                gradient[k] += w.A[h] * slope * w.W1[h][k];
        }

        return gradient;
    }

    /// <summary>∇f(x) by central differences with step <paramref name="step"/>.</summary>
    public static double[] FiniteDifferenceGradient(Func<double[], double> f, double[] x, double step = 1e-5)
    {
        var gradient = new double[x.Length];
        for (var k = 0; k < x.Length; k++)
        {
            var plus = (double[])x.Clone();
            var minus = (double[])x.Clone();
            plus[k] += step;
            minus[k] -= step;
            gradient[k] = (f(plus) - f(minus)) / (2 * step);
        }

        return gradient;
    }

    /// <summary>U x + c.</summary>
    public static double[] ClassLogits(CriticWeights w, double[] x) => Affine(w.U!, w.C!, x);

    /// <summary>V x + d.</summary>
    public static double[] Codes(CriticWeights w, double[] x) => Affine(w.V!, w.D!, x);

    public static double[] Scores(CriticWeights w, double[][] x, long[]? labels = null) =>
        x.Select((xi, i) => Score(w, xi, labels?[i])).ToArray();

    public static double Mean(IEnumerable<double> values) => values.Average();

    /// <summary>log(1 + eᶻ), without overflow.</summary>
    public static double Softplus(double z) => z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z));

    /// <summary>−log p_y with p = softmax(logits).</summary>
    public static double CrossEntropy(double[] logits, long label)
    {
        var max = logits.Max();
        return max + Math.Log(logits.Sum(z => Math.Exp(z - max))) - logits[label];
    }

    /// <summary>Mean squared difference over every entry.</summary>
    public static double MeanSquaredError(double[][] predicted, double[][] target) =>
        predicted.SelectMany((row, i) => row.Select((p, k) => (p - target[i][k]) * (p - target[i][k]))).Average();

    // ---- The objectives ----

    /// <summary>WGAN critic loss: mean D(fake) − mean D(real).</summary>
    public static double WganCriticLoss(CriticWeights w, double[][] real, double[][] fake, long[]? realLabels = null, long[]? fakeLabels = null) =>
        Mean(Scores(w, fake, fakeLabels)) - Mean(Scores(w, real, realLabels));

    /// <summary>WGAN generator loss: −mean D(fake).</summary>
    public static double WganGeneratorLoss(CriticWeights w, double[][] fake) => -Mean(Scores(w, fake));

    /// <summary>(1/N) Σ_i (‖∇ₓD(x̂_i)‖₂ − 1)², x̂_i = ε_i real_i + (1 − ε_i) fake_i, with ∇ₓD given by <paramref name="gradient"/>.</summary>
    public static double GradientPenalty(double[][] real, double[][] fake, double[] epsilon, Func<double[], double[]> gradient)
    {
        var sum = 0.0;
        for (var i = 0; i < real.Length; i++)
        {
            var mixed = real[i].Select((r, k) => epsilon[i] * r + (1 - epsilon[i]) * fake[i][k]).ToArray();
            var norm = Math.Sqrt(gradient(mixed).Sum(g => g * g));
            sum += (norm - 1) * (norm - 1);
        }

        return sum / real.Length;
    }

    /// <summary>Discriminator: mean −log σ(s_real) + mean −log(1 − σ(s_fake)) = mean softplus(−s_real) + mean softplus(s_fake).</summary>
    public static double NonSaturatingDiscriminatorLoss(double[] realScores, double[] fakeScores) =>
        Mean(realScores.Select(s => Softplus(-s))) + Mean(fakeScores.Select(Softplus));

    /// <summary>Generator: mean −log σ(s_fake) = mean softplus(−s_fake).</summary>
    public static double NonSaturatingGeneratorLoss(double[] fakeScores) => Mean(fakeScores.Select(s => Softplus(-s)));

    /// <summary>Mean cross-entropy of the class head on <paramref name="x"/> for <paramref name="labels"/>.</summary>
    public static double ClassCrossEntropy(CriticWeights w, double[][] x, long[] labels) =>
        Mean(x.Select((xi, i) => CrossEntropy(ClassLogits(w, xi), labels[i])));

    /// <summary>InfoGAN's information loss: CE(class head, labels) + β · MSE(code head, codes).</summary>
    public static double InformationLoss(CriticWeights w, double[][] fake, long[] labels, double[][] codes, double beta) =>
        ClassCrossEntropy(w, fake, labels) + beta * MeanSquaredError(fake.Select(x => Codes(w, x)).ToArray(), codes);

    private static double[] Affine(double[][] m, double[] b, double[] x) =>
        m.Select((row, j) => b[j] + row.Select((v, k) => v * x[k]).Sum()).ToArray();
}
