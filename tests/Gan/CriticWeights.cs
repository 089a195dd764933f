namespace IsdaDsl.Tests.Gan;

/// <summary>
/// The weights of a tiny critic on D-dimensional (flattened) images, shared by <see cref="TinyCritic"/> (float64
/// TorchSharp) and <see cref="GanReference"/> (plain double loops):
/// score(x, y) = Σ_h a_h φ(W1_h·x + b1_h) + b0 (+ e_y when conditioned on the label), φ = tanh, or the identity for a
/// linear critic; class logits U x + c; codes V x + d.
/// </summary>
internal sealed record CriticWeights(
    double[][] W1,
    double[] B1,
    double[] A,
    double B0,
    bool Linear,
    double[]? LabelOffset = null,
    double[][]? U = null,
    double[]? C = null,
    double[][]? V = null,
    double[]? D = null)
{
    public int InputDim => W1[0].Length;

    public static CriticWeights Random(
        int seed, int inputDim, int hidden, bool linear = false, int conditionalClasses = 0, int classHead = 0, int numCodes = 0, double scale = 1)
    {
        var rng = new Random(seed);
        double[] Vec(int n) => Enumerable.Range(0, n).Select(_ => scale * (2 * rng.NextDouble() - 1)).ToArray();
        double[][] Mat(int rows, int cols) => Enumerable.Range(0, rows).Select(_ => Vec(cols)).ToArray();
        return new CriticWeights(
            Mat(hidden, inputDim),
            Vec(hidden),
            Vec(hidden),
            Vec(1)[0],
            linear,
            conditionalClasses > 0 ? Vec(conditionalClasses) : null,
            classHead > 0 ? Mat(classHead, inputDim) : null,
            classHead > 0 ? Vec(classHead) : null,
            numCodes > 0 ? Mat(numCodes, inputDim) : null,
            numCodes > 0 ? Vec(numCodes) : null);
    }

    /// <summary>A deep copy, so that a test can perturb one weight.</summary>
    public CriticWeights Copy() => this with
    {
        W1 = W1.Select(r => (double[])r.Clone()).ToArray(),
        B1 = (double[])B1.Clone(),
        A = (double[])A.Clone(),
    };
}
