using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Gan;

/// <summary>
/// What a generator was given for one batch of fake images: the noise, and the class labels and continuous codes
/// when it takes them. The objectives need the latter two: CGAN conditions the discriminator on the same labels,
/// ACGAN and InfoGAN ask the discriminator to recover them (docs/method.md §9.3).
/// </summary>
/// <param name="Noise">Noise z, [N, noise dimension].</param>
/// <param name="Labels">Class indices, int64 [N], or null for an unconditional generator.</param>
/// <param name="Codes">Continuous codes [N, K], or null when the generator takes none.</param>
public sealed record GanLatent(Tensor Noise, Tensor? Labels = null, Tensor? Codes = null)
{
    /// <summary>The labels, which <paramref name="objective"/> needs; throws naming it when the latent has none.</summary>
    /// <exception cref="ArgumentException">The latent carries no labels.</exception>
    public Tensor RequiredLabels(string objective) =>
        Labels ?? throw new ArgumentException($"{objective} needs the classes the fake images were generated for: the latent must carry them", "latent");

    /// <summary>
    /// Draws z ~ N(0, I) [batch, noiseDim], labels uniform over [0, numClasses) when numClasses &gt; 0, and codes
    /// ~ U(−1, 1) [batch, numCodes] when numCodes &gt; 0, all float32 except the int64 labels.
    /// </summary>
    /// <param name="batch">Number of samples N ≥ 1.</param>
    /// <param name="noiseDim">Dimension of z, ≥ 1.</param>
    /// <param name="numClasses">Number of classes, 0 (no labels) or ≥ 2.</param>
    /// <param name="numCodes">Number of continuous codes, ≥ 0.</param>
    /// <param name="device">Where the tensors are created (default: the CPU).</param>
    /// <param name="generator">The random generator to draw from (default: torch's global one).</param>
    /// <exception cref="ArgumentException">A count lies outside its range.</exception>
    public static GanLatent Sample(int batch, int noiseDim, int numClasses, int numCodes, Device? device = null, Generator? generator = null)
    {
        DcganGeometry.AtLeast(batch, 1, "The batch size", nameof(batch));
        DcganGeometry.AtLeast(noiseDim, 1, "The noise dimension", nameof(noiseDim));
        DcganGeometry.AtLeast(numCodes, 0, "The number of continuous codes", nameof(numCodes));
        if (numClasses is < 0 or 1)
            throw new ArgumentException($"numClasses must be 0 (no labels) or ≥ 2, got {numClasses}", nameof(numClasses));

        var noise = randn([batch, noiseDim], device: device, generator: generator);
        var labels = numClasses > 0 ? randint(0, numClasses, [batch], dtype: ScalarType.Int64, device: device, generator: generator) : null;
        Tensor? codes = null;
        if (numCodes > 0)
        {
            using var scope = NewDisposeScope();
            codes = rand([batch, numCodes], device: device, generator: generator).mul_(2).sub_(1).MoveToOuterDisposeScope();
        }

        return new GanLatent(noise, labels, codes);
    }
}
