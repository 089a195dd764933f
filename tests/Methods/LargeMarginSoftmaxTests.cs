using IsdaDsl.Runtime.Methods;
using static IsdaDsl.Tests.Isda.TestData;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Methods;

public class LargeMarginSoftmaxTests
{
    /// <summary>L-Softmax with margin <paramref name="margin"/> and the declared annealing (SpecSchema), its base optionally replaced.</summary>
    private static LargeMarginSoftmaxMethod Declared(int margin, double? annealBase = null)
    {
        var values = new Dictionary<string, string> { ["margin"] = margin.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (annealBase is { } given)
            values["anneal_base"] = given.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var options = (LargeMarginSoftmaxMethod.Options)MethodCatalog.Options("large-margin", IsdaDsl.Runtime.Configuration.Parameters.ForMethod("large-margin", values));
        return new LargeMarginSoftmaxMethod(options.Margin, options.AnnealBase, options.AnnealGamma, options.AnnealPower, options.AnnealMin);
    }

    private const int C = 5;
    private const int A = 4;
    private static readonly long[] Labels = [0, 1, 3, 0, 2, 3, 1, 4];

    private sealed record Problem(double[][] Features, double[][] Weight, double[] Bias)
    {
        public static Problem Random(int seed)
        {
            var rng = new Random(seed);
            return new Problem(Matrix(rng, Labels.Length, A, scale: 2), Matrix(rng, C, A), Vector(rng, C));
        }
    }

    [Fact]
    public void Margin_one_is_cross_entropy_on_the_plain_logits()
    {
        var p = Problem.Random(1);
        var (a, w, b, y) = (ToTensor(p.Features), ToTensor(p.Weight), ToTensor(p.Bias), ToTensor(Labels));
        var logits = nn.functional.linear(a, w, b);
        AssertClose(Flat(logits), Flat(LargeMarginSoftmaxMethod.MarginLogits(a, w, b, y, 1, lambda: 0)), 1e-13, "f");
        Assert.Equal(nn.functional.cross_entropy(logits, y).item<double>(), LargeMarginSoftmaxMethod.Compute(a, w, b, y, 1, lambda: 0).item<double>(), 1e-13);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Psi_decreases_on_zero_to_pi_from_one_to_one_minus_two_m_and_stays_below_cosine(int m)
    {
        const int steps = 2000;
        var theta = Enumerable.Range(0, steps + 1).Select(i => Math.PI * i / steps).ToArray();
        var psi = Flat(LargeMarginSoftmaxMethod.Psi(ToTensor(theta.Select(Math.Cos).ToArray()), m));
        for (var i = 1; i <= steps; i++)
        {
            Assert.True(psi[i] < psi[i - 1], $"m = {m}: ψ({theta[i]:F4}) = {psi[i]:R} ≥ ψ({theta[i - 1]:F4}) = {psi[i - 1]:R}");
            Assert.True(psi[i] <= Math.Cos(theta[i]) + 1e-12, $"m = {m}: ψ({theta[i]:F4}) = {psi[i]:R} > cos θ");
        }

        Assert.Equal(1, psi[0], 1e-12);
        Assert.Equal(1 - 2 * m, psi[steps], 1e-9);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Psi_equals_the_piecewise_definition_through_acos(int m)
    {
        var theta = new[] { 0.0, 0.05, 0.3, 0.7, Math.PI / m, 1.0, 1.3, Math.PI / 2, 1.9, 2.2, 2.6, 3.0, 3.1, Math.PI };
        var psi = Flat(LargeMarginSoftmaxMethod.Psi(ToTensor(theta.Select(Math.Cos).ToArray()), m));
        AssertClose(theta.Select(t => BaselineReference.Psi(Math.Acos(Math.Cos(t)), m)).ToArray(), psi, 1e-12, $"ψ (m = {m})");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void The_target_logit_equals_a_brute_force_computation_at_chosen_angles(int m)
    {
        // Features at angle θ from the target class's weight: a = r (cos θ u + sin θ v), u = w_y/‖w_y‖, v ⊥ u.
        var rng = new Random(2);
        var w = Matrix(rng, C, A);
        var b = Vector(rng, C);
        var angles = new[] { 0.05, 0.4, 0.8, 1.2, 1.6, 2.0, 2.4, 2.8, 3.1 };
        var y = angles.Select((_, i) => (long)(i % C)).ToArray();
        var a = new double[angles.Length][];
        for (var i = 0; i < angles.Length; i++)
        {
            var u = Normalised(w[y[i]]);
            var r = Matrix(rng, 1, A)[0];
            var along = r.Zip(u).Sum(p => p.First * p.Second);
            var v = Normalised(r.Zip(u, (ri, ui) => ri - along * ui).ToArray());
            var radius = 0.5 + i;
            a[i] = u.Zip(v, (ui, vi) => radius * (Math.Cos(angles[i]) * ui + Math.Sin(angles[i]) * vi)).ToArray();
        }

        var actual = LargeMarginSoftmaxMethod.MarginLogits(ToTensor(a), ToTensor(w), ToTensor(b), ToTensor(y), m, lambda: 0);
        var expected = BaselineReference.MarginLogits(a, w, b, y, m);
        AssertClose(Flat(expected), Flat(actual), 1e-11, $"f (m = {m})");

        // And directly from the chosen angle: f_y = ‖w_y‖ r ψ(θ) + b_y.
        var targets = Flat(actual.gather(1, ToTensor(y).unsqueeze(1)));
        for (var i = 0; i < angles.Length; i++)
        {
            var norm = Math.Sqrt(w[y[i]].Sum(x => x * x));
            Assert.Equal(norm * (0.5 + i) * BaselineReference.Psi(angles[i], m) + b[y[i]], targets[i], 1e-10);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Only_the_target_logit_changes_and_it_never_grows(int m)
    {
        var p = Problem.Random(3);
        var (a, w, b, y) = (ToTensor(p.Features), ToTensor(p.Weight), ToTensor(p.Bias), ToTensor(Labels));
        var plain = nn.functional.linear(a, w, b);
        var margin = LargeMarginSoftmaxMethod.MarginLogits(a, w, b, y, m, lambda: 0);
        var isTarget = nn.functional.one_hot(y, C).to(ScalarType.Bool);
        Assert.True(margin.masked_select(isTarget.logical_not()).IsEqual(plain.masked_select(isTarget.logical_not())));
        Assert.True((margin - plain).max().item<double>() <= 1e-12);
        Assert.True(LargeMarginSoftmaxMethod.Compute(a, w, b, y, m, lambda: 0).item<double>() > nn.functional.cross_entropy(plain, y).item<double>());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Gradients_equal_central_finite_differences(int m)
    {
        var p = Problem.Random(4);
        var a = ToTensor(p.Features, requiresGrad: true);
        var w = ToTensor(p.Weight, requiresGrad: true);
        var b = ToTensor(p.Bias, requiresGrad: true);
        var y = ToTensor(Labels);
        GradientCheck.AssertAutogradMatchesFiniteDifferences(
            () => LargeMarginSoftmaxMethod.Compute(a, w, b, y, m, lambda: 0), 1e-7, ("a", a), ("W", w), ("b", b));
    }

    [Fact]
    public void A_zero_feature_gives_a_finite_loss_and_gradient()
    {
        var a = ToTensor(new[] { new double[A], Enumerable.Repeat(1.0, A).ToArray() }, requiresGrad: true);
        var w = ToTensor(Matrix(new Random(5), C, A), requiresGrad: true);
        var loss = LargeMarginSoftmaxMethod.Compute(a, w, null, ToTensor(new long[] { 1, 2 }), 4, lambda: 0);
        loss.backward();
        Assert.True(double.IsFinite(loss.item<double>()));
        Assert.All(Flat(a.grad!).Concat(Flat(w.grad!)), g => Assert.True(double.IsFinite(g)));
    }

    [Fact]
    public void Invalid_margins_are_rejected() =>
        Assert.Contains("margin must be an integer ≥ 1", Assert.Throws<ArgumentException>(() => new LargeMarginSoftmaxMethod(0, 1000, 0.12, 1, 0)).Message);

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void A_huge_lambda_is_cross_entropy_on_the_plain_logits(int m)
    {
        var p = Problem.Random(6);
        var (a, w, b, y) = (ToTensor(p.Features), ToTensor(p.Weight), ToTensor(p.Bias), ToTensor(Labels));
        using var method = Declared(m, annealBase: 1e12);
        Assert.Equal(0, method.Iteration);
        Assert.Equal(1e12, method.MarginLambda);
        var plain = nn.functional.cross_entropy(nn.functional.linear(a, w, b), y).item<double>();
        Assert.Equal(plain, LargeMarginSoftmaxMethod.Compute(a, w, b, y, m, method.MarginLambda).item<double>(), 1e-6);
        Assert.NotEqual(plain, LargeMarginSoftmaxMethod.Compute(a, w, b, y, m, lambda: 0).item<double>(), 1e-3);
    }

    [Fact]
    public void Anneal_base_zero_is_the_plain_form_at_every_step()
    {
        var p = Problem.Random(7);
        var features = ToTensor(p.Features.Select(row => row.Concat(new double[C - A]).ToArray()).ToArray());
        using var network = new FixedFeaturesNetwork(features);
        using var method = Declared(4, annealBase: 0);
        var y = ToTensor(Labels);
        network.train();
        for (var step = 0; step < 4; step++)
        {
            Assert.Equal(0, method.MarginLambda);
            var (loss, _) = method.Loss(network, zeros(Labels.Length, 1), y, new TrainingClock(0, 1));
            var plain = LargeMarginSoftmaxMethod.Compute(features, network.Classifier.weight!, network.Classifier.bias, y, 4, lambda: 0);
            Assert.True(loss.IsEqual(plain), $"step {step}: {loss.item<double>():R} ≠ {plain.item<double>():R}");
        }

        Assert.Equal(4, method.Iteration);
    }

    [Theory]
    [InlineData(4, 1000, 0.12, 1, 0)]
    [InlineData(4, 1000, 0.12, 1, 5)]
    [InlineData(4, 1000, 0.000025, 35, 0)]
    [InlineData(2, 1000, 0.00002, 45, 0)]
    [InlineData(3, 7, 0.5, 2, 0.25)]
    public void Lambda_and_loss_follow_the_schedule_step_by_step(int m, double annealBase, double gamma, double power, double min)
    {
        var p = Problem.Random(8);
        var a = p.Features.Select(row => row.Concat(new double[C - A]).ToArray()).ToArray();
        var features = ToTensor(a);
        using var network = new FixedFeaturesNetwork(features);
        using (no_grad())
        {
            network.Classifier.weight!.copy_(ToTensor(Matrix(new Random(9), C, C)));
            network.Classifier.bias!.copy_(ToTensor(Vector(new Random(10), C)));
        }

        var w = Matrix(new Random(9), C, C);
        var bias = Vector(new Random(10), C);
        using var method = new LargeMarginSoftmaxMethod(m, annealBase, gamma, power, min);
        network.train();
        var iterations = new[] { 0L, 1, 2, 3, 10, 60, 500, 2000 };
        for (long t = 0; t <= iterations[^1]; t++)
        {
            if (!iterations.Contains(t))
            {
                // Steps in between advance the schedule only; the counter is what matters.
                (method.Loss(network, zeros(1, 1), ToTensor(Labels), new TrainingClock(0, 1)).Loss).Dispose();
                continue;
            }

            var lambda = Math.Max(min, annealBase / Math.Exp(power * Math.Log(1 + gamma * t)));
            Assert.Equal(t, method.Iteration);
            Assert.Equal(lambda, method.MarginLambda, Math.Max(1e-12, 1e-12 * lambda));

            var expected = 0.0;
            for (var i = 0; i < Labels.Length; i++)
            {
                var yi = (int)Labels[i];
                var z = w.Select((row, j) => row.Zip(a[i], (x, f) => x * f).Sum() + bias[j]).ToArray();
                var dot = w[yi].Zip(a[i], (x, f) => x * f).Sum();
                var norms = Math.Sqrt(w[yi].Sum(x => x * x)) * Math.Sqrt(a[i].Sum(x => x * x));
                var psi = BaselineReference.Psi(Math.Acos(Math.Clamp(dot / norms, -1, 1)), m);
                z[yi] = (lambda * dot + norms * psi) / (1 + lambda) + bias[yi];
                expected += BaselineReference.CrossEntropy(z, yi) / Labels.Length;
            }

            var (loss, _) = method.Loss(network, zeros(1, 1), ToTensor(Labels), new TrainingClock(0, 1));
            Assert.Equal(expected, loss.item<double>(), 1e-10);
            Assert.Equal(t + 1, method.Iteration);
        }
    }

    [Fact]
    public void The_step_counter_advances_only_in_training_mode()
    {
        var features = ToTensor(Problem.Random(11).Features.Select(row => row.Concat(new double[C - A]).ToArray()).ToArray());
        using var network = new FixedFeaturesNetwork(features);
        using var method = Declared(4);
        var y = ToTensor(Labels);
        network.eval();
        method.Loss(network, zeros(1, 1), y, new TrainingClock(0, 1));
        Assert.Equal(0, method.Iteration);
        network.train();
        method.Loss(network, zeros(1, 1), y, new TrainingClock(0, 1));
        method.Loss(network, zeros(1, 1), y, new TrainingClock(0, 1));
        Assert.Equal(2, method.Iteration);
        network.eval();
        method.Loss(network, zeros(1, 1), y, new TrainingClock(0, 1));
        Assert.Equal(2, method.Iteration);
        Assert.Equal(1000 / (1 + 0.12 * 2), method.MarginLambda, 1e-12);
    }

    [Fact]
    public void Save_and_load_restore_the_step_counter()
    {
        var features = ToTensor(Problem.Random(12).Features.Select(row => row.Concat(new double[C - A]).ToArray()).ToArray());
        using var network = new FixedFeaturesNetwork(features);
        var y = ToTensor(Labels);
        network.train();
        using var saved = Declared(4);
        for (var i = 0; i < 7; i++)
            saved.Loss(network, zeros(1, 1), y, new TrainingClock(0, 1));
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            saved.Save(writer);
            writer.Write(12345);
        }

        stream.Position = 0;
        using var loaded = Declared(4);
        using (var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            loaded.Load(reader);
            Assert.Equal(12345, reader.ReadInt32());
        }

        Assert.Equal(7, loaded.Iteration);
        Assert.Equal(saved.MarginLambda, loaded.MarginLambda);
        var next = saved.Loss(network, zeros(1, 1), y, new TrainingClock(0, 1)).Loss;
        var resumed = loaded.Loss(network, zeros(1, 1), y, new TrainingClock(0, 1)).Loss;
        Assert.True(resumed.IsEqual(next), "the resumed step's loss is bit-identical");

        using var garbage = new MemoryStream(System.Text.Encoding.ASCII.GetBytes("CENTERS!\u0001\0\0\0"));
        Assert.Contains("bad header", Assert.Throws<InvalidDataException>(() => loaded.Load(new BinaryReader(garbage))).Message);
    }

    [Theory]
    [InlineData(2, 0.5)]
    [InlineData(4, 3.7)]
    [InlineData(4, 250)]
    public void Annealed_gradients_equal_central_finite_differences(int m, double lambda)
    {
        var p = Problem.Random(13);
        var a = ToTensor(p.Features, requiresGrad: true);
        var w = ToTensor(p.Weight, requiresGrad: true);
        var b = ToTensor(p.Bias, requiresGrad: true);
        var y = ToTensor(Labels);
        GradientCheck.AssertAutogradMatchesFiniteDifferences(
            () => LargeMarginSoftmaxMethod.Compute(a, w, b, y, m, lambda), 1e-7, ("a", a), ("W", w), ("b", b));
    }

    [Theory]
    [InlineData(-1, 0.12, 1, 0, "anneal_base")]
    [InlineData(1000, -0.1, 1, 0, "anneal_gamma")]
    [InlineData(1000, 0.12, -1, 0, "anneal_power")]
    [InlineData(1000, 0.12, 1, double.NaN, "anneal_min")]
    public void Invalid_annealing_parameters_are_rejected(double annealBase, double gamma, double power, double min, string name) =>
        Assert.Contains($"{name} must be a finite number ≥ 0",
            Assert.Throws<ArgumentException>(() => new LargeMarginSoftmaxMethod(4, annealBase, gamma, power, min)).Message);

    private static double[] Normalised(double[] v)
    {
        var norm = Math.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }
}
