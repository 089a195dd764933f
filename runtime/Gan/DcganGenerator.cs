using IsdaDsl.Runtime.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Gan;

/// <summary>
/// A DCGAN-style generator (docs/method.md §9.2) for 28×28 or 32×32 images. Its input is the latent vector
/// z ‖ label ‖ codes: noise z of dimension <see cref="NoiseDim"/>, optionally the class label (one-hot or a learned
/// embedding, <see cref="Conditioning"/>), and optionally <see cref="NumCodes"/> continuous codes (InfoGAN). A
/// transposed convolution maps it to the smallest feature map (7×7 or 4×4 with 2w or 4w channels, w =
/// <see cref="Width"/>), stride-2 transposed convolutions with batch norm and ReLU halve the channels while doubling
/// the size, and a last stride-2 transposed convolution with tanh gives the image in [−1, 1].
/// </summary>
public sealed class DcganGenerator : nn.Module
{
    private readonly Embedding? embedding;
    private readonly Sequential body;

    /// <summary>Builds the generator.</summary>
    /// <param name="image">The generated image's shape: C×28×28 or C×32×32.</param>
    /// <param name="noiseDim">Dimension of the noise z, ≥ 1 (the paper: 100).</param>
    /// <param name="width">Base number of channels w, ≥ 1 (the last hidden layer has w channels; DCGAN: 64).</param>
    /// <param name="numClasses">Number of classes C ≥ 2 when conditioned on the label, 0 when not.</param>
    /// <param name="conditioning">How the label enters: <see cref="LabelConditioning.None"/> needs numClasses 0.</param>
    /// <param name="embeddingDim">
    /// Dimension of the label embedding, ≥ 1, only with <see cref="LabelConditioning.Embedding"/>; null: C.
    /// </param>
    /// <param name="numCodes">Number of continuous codes appended to the latent vector (InfoGAN: 2), ≥ 0.</param>
    /// <exception cref="ArgumentException">A parameter lies outside what is allowed; the message names it.</exception>
    public DcganGenerator(
        InputShape image,
        int noiseDim = 100,
        int width = 64,
        int numClasses = 0,
        LabelConditioning conditioning = LabelConditioning.None,
        int? embeddingDim = null,
        int numCodes = 0)
        : base(nameof(DcganGenerator))
    {
        var (baseSize, doublings) = DcganGeometry.Of(image, nameof(image));
        DcganGeometry.AtLeast(noiseDim, 1, "The generator's noise dimension", nameof(noiseDim));
        DcganGeometry.AtLeast(width, 1, "The generator's width", nameof(width));
        DcganGeometry.AtLeast(numCodes, 0, "The generator's number of continuous codes", nameof(numCodes));
        CheckConditioning(numClasses, conditioning, embeddingDim);

        Image = image;
        NoiseDim = noiseDim;
        Width = width;
        NumClasses = numClasses;
        Conditioning = conditioning;
        NumCodes = numCodes;
        var labelDim = conditioning switch
        {
            LabelConditioning.OneHot => numClasses,
            LabelConditioning.Embedding => embeddingDim ?? numClasses,
            _ => 0,
        };
        LatentDim = noiseDim + labelDim + numCodes;
        if (conditioning == LabelConditioning.Embedding)
            embedding = nn.Embedding(numClasses, labelDim);

        var layers = new List<nn.Module<Tensor, Tensor>>();
        var channels = width << (doublings - 1);
        layers.Add(nn.ConvTranspose2d(LatentDim, channels, baseSize, stride: 1, padding: 0, bias: false));
        layers.Add(nn.BatchNorm2d(channels));
        layers.Add(nn.ReLU());
        for (var i = 1; i < doublings; i++)
        {
            layers.Add(nn.ConvTranspose2d(channels, channels / 2, 4, stride: 2, padding: 1, bias: false));
            layers.Add(nn.BatchNorm2d(channels / 2));
            layers.Add(nn.ReLU());
            channels /= 2;
        }

        layers.Add(nn.ConvTranspose2d(channels, image.Channels, 4, stride: 2, padding: 1));
        layers.Add(nn.Tanh());
        body = nn.Sequential(layers);
        RegisterComponents();
        DcganInit.Apply(this);
    }

    /// <summary>The generated image's shape.</summary>
    public InputShape Image { get; }

    /// <summary>Dimension of the noise z.</summary>
    public int NoiseDim { get; }

    /// <summary>Base number of channels w.</summary>
    public int Width { get; }

    /// <summary>Number of classes C (0 when the generator is not conditioned on the label).</summary>
    public int NumClasses { get; }

    /// <summary>How the label enters the latent vector.</summary>
    public LabelConditioning Conditioning { get; }

    /// <summary>Number of continuous codes (InfoGAN), 0 for none.</summary>
    public int NumCodes { get; }

    /// <summary>Length of the latent vector z ‖ label ‖ codes the first transposed convolution takes.</summary>
    public int LatentDim { get; }

    /// <summary>Generates images [N, C, H, W] in [−1, 1].</summary>
    /// <param name="noise">Noise z, [N, <see cref="NoiseDim"/>], of the network's dtype and device.</param>
    /// <param name="labels">Class indices int64 [N] in [0, C); required exactly when the generator is conditioned.</param>
    /// <param name="codes">Continuous codes [N, <see cref="NumCodes"/>]; required exactly when NumCodes &gt; 0.</param>
    /// <exception cref="ArgumentException">An input is missing, superfluous or of the wrong shape.</exception>
    public Tensor Generate(Tensor noise, Tensor? labels = null, Tensor? codes = null)
    {
        ArgumentNullException.ThrowIfNull(noise);
        if (noise.dim() != 2 || noise.shape[1] != NoiseDim)
            throw new ArgumentException($"Expected noise [N, {NoiseDim}], got [{string.Join(", ", noise.shape)}]", nameof(noise));
        var batch = noise.shape[0];
        DcganGeometry.CheckLabels(labels, batch, Conditioning != LabelConditioning.None, "generator", nameof(labels));
        if (NumCodes == 0 && codes is not null)
            throw new ArgumentException("This generator takes no continuous codes, but codes were passed", nameof(codes));
        if (NumCodes > 0 && (codes is null || codes.dim() != 2 || codes.shape[0] != batch || codes.shape[1] != NumCodes))
        {
            var got = codes is null ? "none" : $"[{string.Join(", ", codes.shape)}]";
            throw new ArgumentException($"Expected continuous codes [{batch}, {NumCodes}], got {got}", nameof(codes));
        }

        using var scope = NewDisposeScope();
        var parts = new List<Tensor> { noise };
        if (Conditioning == LabelConditioning.OneHot)
            parts.Add(nn.functional.one_hot(labels!, NumClasses).to(noise.dtype));
        else if (embedding is not null)
            parts.Add(embedding.forward(labels!));
        if (codes is not null)
            parts.Add(codes);
        var latent = parts.Count == 1 ? noise : cat(parts, 1);
        return body.forward(latent.view(batch, LatentDim, 1, 1)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Draws the generator's inputs for <paramref name="batch"/> images (<see cref="GanLatent.Sample"/> with this
    /// generator's dimensions): z ~ N(0, I), labels uniform over the C classes, codes ~ U(−1, 1).
    /// </summary>
    public GanLatent SampleLatent(int batch, Device? device = null, Generator? generator = null) =>
        GanLatent.Sample(batch, NoiseDim, NumClasses, NumCodes, device, generator);

    private static void CheckConditioning(int numClasses, LabelConditioning conditioning, int? embeddingDim)
    {
        if (!Enum.IsDefined(conditioning))
            throw new ArgumentException($"Unknown label conditioning {conditioning}; allowed: None, OneHot, Embedding", nameof(conditioning));
        if (conditioning == LabelConditioning.None && numClasses != 0)
        {
            throw new ArgumentException(
                $"numClasses must be 0 for a generator that is not conditioned on the label (got {numClasses}); choose OneHot or Embedding conditioning",
                nameof(numClasses));
        }

        if (conditioning != LabelConditioning.None && numClasses < 2)
            throw new ArgumentException($"A class-conditional generator needs numClasses ≥ 2, got {numClasses}", nameof(numClasses));
        if (embeddingDim is not null && conditioning != LabelConditioning.Embedding)
            throw new ArgumentException($"embeddingDim applies only to Embedding conditioning (conditioning is {conditioning})", nameof(embeddingDim));
        if (embeddingDim is < 1)
            throw new ArgumentException($"The label embedding dimension must be ≥ 1, got {embeddingDim}", nameof(embeddingDim));
    }
}
