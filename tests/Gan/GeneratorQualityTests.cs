using IsdaDsl.Runtime.Gan;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Training;
using IsdaDsl.Tests.Methods;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Gan;

/// <summary>
/// The quality measures of docs/method.md §9.5: the Fréchet distance against closed forms and an independent matrix
/// square root in float64, the class accuracy against a classifier whose answer is known, and a classifier's weights
/// read back from a checkpoint.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public sealed class GeneratorQualityTests : IDisposable
{
    private readonly TemporaryDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void In_one_dimension_the_distance_is_the_squared_differences_of_means_and_deviations()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(1);
        var a = randn(500, 1, dtype: ScalarType.Float64) * 2 + 1;
        var b = randn(700, 1, dtype: ScalarType.Float64) * 0.5 - 3;
        var (meanA, sdA) = (a.mean().item<double>(), a.std().item<double>());
        var (meanB, sdB) = (b.mean().item<double>(), b.std().item<double>());

        Assert.Equal(Math.Pow(meanA - meanB, 2) + Math.Pow(sdA - sdB, 2), GeneratorQuality.FrechetDistance(a, b), 9);
    }

    [Fact]
    public void A_set_is_at_distance_zero_from_itself_and_the_distance_is_symmetric()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(2);
        var a = randn(200, 6, dtype: ScalarType.Float64).matmul(randn(6, 6, dtype: ScalarType.Float64));
        var b = randn(300, 6, dtype: ScalarType.Float64);

        Assert.Equal(0, GeneratorQuality.FrechetDistance(a, a), 8);
        Assert.Equal(GeneratorQuality.FrechetDistance(a, b), GeneratorQuality.FrechetDistance(b, a), 8);
    }

    [Fact]
    public void With_full_covariances_it_matches_a_square_root_by_the_Denman_Beavers_iteration()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(3);
        var a = randn(400, 5, dtype: ScalarType.Float64).matmul(randn(5, 5, dtype: ScalarType.Float64)) + 1;
        var b = randn(400, 5, dtype: ScalarType.Float64).matmul(randn(5, 5, dtype: ScalarType.Float64));

        Assert.Equal(Reference(a, b), GeneratorQuality.FrechetDistance(a, b), 7);
    }

    /// <summary>‖μa − μb‖² + tr(Σa + Σb − 2 √(Σa Σb)), the root of the (non-symmetric) product by Denman–Beavers.</summary>
    private static double Reference(Tensor a, Tensor b)
    {
        static (double[] Mean, double[,] Cov) Moments(Tensor x)
        {
            var rows = (int)x.shape[0];
            var cols = (int)x.shape[1];
            var data = x.data<double>().ToArray();
            var mean = new double[cols];
            for (var j = 0; j < cols; j++)
                mean[j] = Enumerable.Range(0, rows).Sum(i => data[i * cols + j]) / rows;
            var cov = new double[cols, cols];
            for (var j = 0; j < cols; j++)
                for (var k = 0; k < cols; k++)
                    cov[j, k] = Enumerable.Range(0, rows).Sum(i => (data[i * cols + j] - mean[j]) * (data[i * cols + k] - mean[k])) / (rows - 1);
            return (mean, cov);
        }
        var (ma, ca) = Moments(a);
        var (mb, cb) = Moments(b);
        var n = ma.Length;
        var product = Multiply(ca, cb);
        // Denman–Beavers: Y → √M, Z → √M⁻¹.
        var y = product;
        var z = Identity(n);
        for (var step = 0; step < 60; step++)
        {
            var yInverse = Invert(y);
            var zInverse = Invert(z);
            var nextY = new double[n, n];
            var nextZ = new double[n, n];
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++)
                {
                    nextY[i, j] = (y[i, j] + zInverse[i, j]) / 2;
                    nextZ[i, j] = (z[i, j] + yInverse[i, j]) / 2;
                }
            (y, z) = (nextY, nextZ);
        }
        var distance = Enumerable.Range(0, n).Sum(i => Math.Pow(ma[i] - mb[i], 2));
        for (var i = 0; i < n; i++)
            distance += ca[i, i] + cb[i, i] - 2 * y[i, i];
        return distance;
    }

    private static double[,] Identity(int n)
    {
        var m = new double[n, n];
        for (var i = 0; i < n; i++)
            m[i, i] = 1;
        return m;
    }

    private static double[,] Multiply(double[,] x, double[,] y)
    {
        var n = x.GetLength(0);
        var m = new double[n, n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                for (var k = 0; k < n; k++)
                    m[i, j] += x[i, k] * y[k, j];
        return m;
    }

    /// <summary>Gauss–Jordan elimination with partial pivoting.</summary>
    private static double[,] Invert(double[,] x)
    {
        var n = x.GetLength(0);
        var a = (double[,])x.Clone();
        var inverse = Identity(n);
        for (var col = 0; col < n; col++)
        {
            var pivot = Enumerable.Range(col, n - col).MaxBy(r => Math.Abs(a[r, col]));
            for (var k = 0; k < n; k++)
            {
                (a[col, k], a[pivot, k]) = (a[pivot, k], a[col, k]);
                (inverse[col, k], inverse[pivot, k]) = (inverse[pivot, k], inverse[col, k]);
            }
            var scale = a[col, col];
            for (var k = 0; k < n; k++)
            {
                a[col, k] /= scale;
                inverse[col, k] /= scale;
            }
            for (var r = 0; r < n; r++)
            {
                if (r == col)
                    continue;
                var factor = a[r, col];
                for (var k = 0; k < n; k++)
                {
                    a[r, k] -= factor * a[col, k];
                    inverse[r, k] -= factor * inverse[col, k];
                }
            }
        }
        return inverse;
    }

    [Fact]
    public void The_accuracy_is_the_share_of_images_labelled_with_the_class_they_were_generated_for()
    {
        using var scope = NewDisposeScope();
        var image = new InputShape(1, 28, 28);
        using var generator = TrainedGenerator.Load(TestGenerators.Write(temp.Combine("cgan.bin"), "cgan", image, 10));
        // Whatever the image, this classifier answers class 3: exactly the images generated for class 3 are right.
        using var classifier = new ConstantClassNetwork(3, 10);
        var realFeatures = randn(50, 10, dtype: ScalarType.Float64);

        random.manual_seed(0);
        var report = GeneratorQuality.Measure(classifier, generator, realFeatures, perClass: 7, [0.5f], [0.25f], batchSize: 3);

        Assert.Equal(Enumerable.Range(0, 10).Select(k => k == 3 ? 1.0 : 0.0), report.PerClassAccuracy);
        Assert.Equal(0.1, report.Accuracy, 12);
        // Every generated image has the same features, so Σ_g = 0 and the distance is ‖μ_r − e₃‖² + tr Σ_r.
        var expected = (realFeatures.mean([0]) - nn.functional.one_hot(tensor(3L), 10).to(ScalarType.Float64)).square().sum().item<double>() + realFeatures.T.cov().trace().item<double>();
        Assert.Equal(expected, report.FrechetDistance, 9);
    }

    [Fact]
    public void A_checkpoints_network_is_read_back_without_its_optimiser_or_random_state()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(5);
        using var network = TestNetworks.TinyResNet();
        using var optimizer = optim.SGD(network.parameters(), 0.1, momentum: 0.9);
        using var method = new IsdaDsl.Runtime.Methods.CrossEntropyMethod();
        var path = temp.Combine(Checkpoint.FileName);
        Checkpoint.Save(path, EpochProgress.Start(1), network, optimizer, method);

        random.manual_seed(99);
        var before = rand(3);
        random.manual_seed(99);
        using var other = TestNetworks.TinyResNet();
        random.manual_seed(99);
        Checkpoint.LoadNetwork(path, other);

        Assert.True(rand(3).IsEqual(before)); // torch's random state untouched
        foreach (var (saved, read) in network.parameters().Zip(other.parameters()))
            Assert.True(read.IsEqual(saved));
        var missing = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadNetwork(temp.Combine("none.bin"), other));
        Assert.Contains("cannot read the network of this checkpoint", missing.Message);
    }

    /// <summary>A classifier whose features are the one-hot vector of one class, whatever the input; its classifier is the identity.</summary>
    private sealed class ConstantClassNetwork : ClassifierNetwork
    {
        private readonly Linear classifier;
        private readonly int answer;

        public ConstantClassNetwork(int answer, int classes) : base(nameof(ConstantClassNetwork))
        {
            this.answer = answer;
            FeatureDim = NumClasses = classes;
            classifier = nn.Linear(classes, classes);
            using (no_grad())
            {
                classifier.weight!.copy_(eye(classes));
                classifier.bias!.zero_();
            }
            RegisterComponents();
        }

        public override int FeatureDim { get; }

        public override int NumClasses { get; }

        public override Linear Classifier => classifier;

        public override Tensor Features(Tensor input) => nn.functional.one_hot(full([input.shape[0]], (long)answer, dtype: ScalarType.Int64), NumClasses).to(ScalarType.Float32);
    }
}
