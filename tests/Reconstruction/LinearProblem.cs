using static TorchSharp.torch;

namespace IsdaDsl.Tests.Reconstruction;

/// <summary>
/// A reconstruction with a known answer: G(ẑ) = ẑ Wᵀ + b with W [P, d] of orthonormal columns, f(x) = x Fᵀ, real
/// images x = G(ẑ*) of true latents z*, and their features a = f(x).
/// </summary>
internal sealed class LinearProblem
{
    public LinearProblem(int count, int latentDim, int pixels, int featureDim, ScalarType dtype, long seed)
    {
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        var (q, _) = linalg.qr(randn([pixels, latentDim], dtype: ScalarType.Float64, generator: generator));
        Weight = q.to(dtype);
        Bias = randn([pixels], dtype: ScalarType.Float64, generator: generator).to(dtype);
        Features = (randn([featureDim, pixels], dtype: ScalarType.Float64, generator: generator) / Math.Sqrt(pixels)).to(dtype);
        TrueLatents = randn([count, latentDim], dtype: ScalarType.Float64, generator: generator).to(dtype);
        Start = randn([count, latentDim], dtype: ScalarType.Float64, generator: generator).to(dtype);
        var normalised = ReconstructionReference.Normalise(ReconstructionReference.Rows(TrueLatents));
        TrueNormalised = tensor(normalised.SelectMany(r => r).ToArray(), [count, latentDim], dtype);
        Images = Render(TrueNormalised);
        TargetFeatures = Extract(Images);
    }

    public Tensor Weight { get; }

    public Tensor Bias { get; }

    public Tensor Features { get; }

    public Tensor TrueLatents { get; }

    /// <summary>ẑ* by the reference formula.</summary>
    public Tensor TrueNormalised { get; }

    /// <summary>A random starting point for the descent, independent of <see cref="TrueLatents"/>.</summary>
    public Tensor Start { get; }

    public Tensor Images { get; }

    public Tensor TargetFeatures { get; }

    public Tensor Render(Tensor normalised) => normalised.matmul(Weight.T) + Bias;

    public Tensor Extract(Tensor images) => images.matmul(Features.T);
}
