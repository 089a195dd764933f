using IsdaDsl.Runtime.Methods;
using static IsdaDsl.Tests.Isda.TestData;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Methods;

public class CenterLossTests
{
    private const int C = 4;
    private const int A = 3;

    /// <summary>Class 1 is absent, class 2 is seen twice, classes 0 and 3 once.</summary>
    private static readonly long[] Labels = [2, 0, 3, 2];

    private static MethodContext Context => new(C, A, CPU);

    [Theory]
    [InlineData(0.003)]
    [InlineData(0.5)]
    [InlineData(0)]
    public void The_loss_equals_the_formula(double weight)
    {
        var rng = new Random(1);
        double[][] a = Matrix(rng, Labels.Length, A, scale: 2), w = Matrix(rng, C, A), centres = Matrix(rng, C, A);
        var b = Vector(rng, C);
        var z = BaselineReference.Logits(a, w, b);

        var loss = CenterLossMethod.Compute(ToTensor(z), ToTensor(a), ToTensor(Labels), ToTensor(centres), weight).item<double>();
        var expected = BaselineReference.CenterLoss(z, a, Labels, centres, weight);
        Assert.True(Math.Abs(expected - loss) <= 1e-12, $"expected {expected:R}, got {loss:R}");
    }

    [Fact]
    public void The_centre_update_follows_wen_et_al_rule()
    {
        var rng = new Random(2);
        var start = Matrix(rng, C, A);
        using var method = new CenterLossMethod(0.003, 0.5, Context);
        method.Centres.copy_(ToTensor(start));
        var expected = start;
        var startCentres = Flat(method.Centres);

        // Two batches in a row, so the second update starts from the first one's result.
        foreach (var seed in new[] { 3, 4 })
        {
            var a = Matrix(new Random(seed), Labels.Length, A, scale: 2);
            method.UpdateCentres(ToTensor(a).to(ScalarType.Float32), ToTensor(Labels));
            expected = BaselineReference.UpdatedCentres(expected, a, Labels, 0.5);
            AssertClose(Flat(expected), Flat(method.Centres), 1e-6, "centres");
        }

        // The absent class keeps its centre bit for bit.
        Assert.Equal(startCentres.Skip(A).Take(A), Flat(method.Centres).Skip(A).Take(A));
    }

    [Fact]
    public void The_centre_update_with_rate_one_half_moves_a_single_sample_class_a_quarter_of_the_way()
    {
        // n_j = 1: c ← c − α (c − a) / 2 = c + (a − c)/4 at α = 0.5.
        using var method = new CenterLossMethod(0.003, 0.5, Context);
        var features = tensor(new float[] { 4, 8, -4 }, [1, A]);
        method.UpdateCentres(features, tensor(new long[] { 3 }));
        Assert.Equal(new float[] { 1, 2, -1 }, method.Centres[3].data<float>().ToArray());
        Assert.Equal(0, method.Centres.narrow(0, 0, 3).abs().sum().item<float>());
    }

    [Fact]
    public void The_loss_uses_the_centres_before_the_batch_moves_them()
    {
        using var scope = NewDisposeScope();
        var features = randn(Labels.Length, A);
        using var network = new FixedFeaturesNetwork(features);
        using var method = new CenterLossMethod(0.5, 0.5, new MethodContext(A, A, CPU));
        var labels = tensor(new long[] { 2, 0, 1, 2 });
        var before = method.Centres.clone();

        var (loss, logits) = method.Loss(network, zeros(Labels.Length, 1), labels, new TrainingClock(0, 1));

        Assert.Equal(CenterLossMethod.Compute(logits, features, labels, before, 0.5).item<float>(), loss.item<float>(), 1e-6f);
        Assert.False(method.Centres.IsEqual(before), "the centres moved after the loss");
        Assert.True(logits.IsEqual(features), "the returned logits are the plain ones");
    }

    [Fact]
    public void Save_and_load_restore_the_centres_exactly()
    {
        using var saved = new CenterLossMethod(0.003, 0.5, Context);
        saved.UpdateCentres(randn(16, A) * 1.37, randint(C, [16], dtype: ScalarType.Int64));
        saved.UpdateCentres(randn(16, A) / 3, randint(C, [16], dtype: ScalarType.Int64));
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            saved.Save(writer);
            writer.Write(12345);
        }

        stream.Position = 0;
        using var loaded = new CenterLossMethod(0.003, 0.5, Context);
        using var reader = new BinaryReader(stream);
        loaded.Load(reader);
        Assert.Equal(12345, reader.ReadInt32());
        Assert.Equal(Flat(saved.Centres), Flat(loaded.Centres));

        stream.Position = 0;
        using var other = new CenterLossMethod(0.003, 0.5, new MethodContext(C + 1, A, CPU));
        Assert.Contains("this run has 5×3", Assert.Throws<InvalidDataException>(() => other.Load(new BinaryReader(stream))).Message);
    }

    [Theory]
    [InlineData(0.003)]
    [InlineData(0.7)]
    public void Gradients_equal_central_finite_differences(double weight)
    {
        var rng = new Random(5);
        var a = ToTensor(Matrix(rng, Labels.Length, A, scale: 2), requiresGrad: true);
        var w = ToTensor(Matrix(rng, C, A), requiresGrad: true);
        var b = ToTensor(Vector(rng, C), requiresGrad: true);
        var centres = ToTensor(Matrix(rng, C, A)).requires_grad_(true);
        var labels = ToTensor(Labels);
        GradientCheck.AssertAutogradMatchesFiniteDifferences(
            () => CenterLossMethod.Compute(nn.functional.linear(a, w, b), a, labels, centres, weight), 1e-8,
            ("a", a), ("W", w), ("b", b));
        Assert.Null(centres.grad);
    }

    [Fact]
    public void Invalid_parameters_are_rejected()
    {
        Assert.Contains("weight must be a finite number ≥ 0", Assert.Throws<ArgumentException>(() => new CenterLossMethod(-1, 0.5, Context)).Message);
        Assert.Contains("center_lr must be a finite number > 0", Assert.Throws<ArgumentException>(() => new CenterLossMethod(0.003, 0, Context)).Message);
    }
}
