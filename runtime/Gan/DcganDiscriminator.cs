using IsdaDsl.Runtime.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Gan;

/// <summary>
/// A DCGAN-style discriminator or WGAN critic (docs/method.md §9.2) for 28×28 or 32×32 images: stride-2 4×4
/// convolutions with LeakyReLU(0.2) double the channels from w = <see cref="Width"/> while halving the size down to
/// 7×7 (2w channels) or 4×4 (4w channels); every convolution but the first is followed by batch norm when
/// <see cref="BatchNorm"/> (never for WGAN-GP, whose penalty is per sample). The flattened features feed linear heads:
/// the real/fake score, optionally C class logits (ACGAN, InfoGAN) and K continuous codes (InfoGAN). For CGAN the
/// label is concatenated to the input channels (<see cref="InputConditioning"/>).
/// </summary>
public sealed class DcganDiscriminator : nn.Module, IGanDiscriminator
{
    private const double Slope = 0.2;

    private readonly Embedding? labelPlane;
    private readonly Sequential body;
    private readonly Linear scoreHead;
    private readonly Linear? classHead;
    private readonly Linear? codeHead;

    /// <summary>Builds the discriminator.</summary>
    /// <param name="image">The input image's shape: C×28×28 or C×32×32.</param>
    /// <param name="width">Base number of channels w, ≥ 1 (the first convolution's; DCGAN: 64).</param>
    /// <param name="batchNorm">Batch norm after every convolution but the first; false for a WGAN-GP critic.</param>
    /// <param name="numClasses">
    /// Number of classes C ≥ 2 when the input is conditioned on the label or there is a class head, 0 otherwise.
    /// </param>
    /// <param name="inputConditioning">
    /// How the label enters the input: <see cref="LabelConditioning.OneHot"/> adds C constant planes,
    /// <see cref="LabelConditioning.Embedding"/> one learned H×W plane per class (CGAN).
    /// </param>
    /// <param name="classHead">Whether to output C class logits (ACGAN, InfoGAN).</param>
    /// <param name="numCodes">Number of continuous codes the code head predicts (InfoGAN), ≥ 0; 0: no code head.</param>
    /// <exception cref="ArgumentException">A parameter lies outside what is allowed; the message names it.</exception>
    public DcganDiscriminator(
        InputShape image,
        int width = 64,
        bool batchNorm = true,
        int numClasses = 0,
        LabelConditioning inputConditioning = LabelConditioning.None,
        bool classHead = false,
        int numCodes = 0)
        : base(nameof(DcganDiscriminator))
    {
        var (baseSize, doublings) = DcganGeometry.Of(image, nameof(image));
        DcganGeometry.AtLeast(width, 1, "The discriminator's width", nameof(width));
        DcganGeometry.AtLeast(numCodes, 0, "The discriminator's number of continuous codes", nameof(numCodes));
        if (!Enum.IsDefined(inputConditioning))
            throw new ArgumentException($"Unknown label conditioning {inputConditioning}; allowed: None, OneHot, Embedding", nameof(inputConditioning));
        var usesLabels = inputConditioning != LabelConditioning.None || classHead;
        if (usesLabels && numClasses < 2)
        {
            throw new ArgumentException(
                $"A discriminator with a conditioned input or a class head needs numClasses ≥ 2, got {numClasses}", nameof(numClasses));
        }

        if (!usesLabels && numClasses != 0)
        {
            throw new ArgumentException(
                $"numClasses must be 0 for a discriminator with neither a conditioned input nor a class head (got {numClasses})",
                nameof(numClasses));
        }

        Image = image;
        Width = width;
        BatchNorm = batchNorm;
        NumClasses = numClasses;
        InputConditioning = inputConditioning;
        NumCodes = numCodes;
        if (inputConditioning == LabelConditioning.Embedding)
            labelPlane = nn.Embedding(numClasses, image.Height * image.Width);

        var inputChannels = image.Channels + inputConditioning switch
        {
            LabelConditioning.OneHot => numClasses,
            LabelConditioning.Embedding => 1,
            _ => 0,
        };
        var layers = new List<nn.Module<Tensor, Tensor>>
        {
            nn.Conv2d(inputChannels, width, 4, stride: 2, padding: 1),
            nn.LeakyReLU(Slope),
        };
        var channels = width;
        for (var i = 1; i < doublings; i++)
        {
            layers.Add(nn.Conv2d(channels, 2 * channels, 4, stride: 2, padding: 1, bias: !batchNorm));
            if (batchNorm)
                layers.Add(nn.BatchNorm2d(2 * channels));
            layers.Add(nn.LeakyReLU(Slope));
            channels *= 2;
        }

        body = nn.Sequential(layers);
        FeatureDim = channels * baseSize * baseSize;
        scoreHead = nn.Linear(FeatureDim, 1);
        if (classHead)
            this.classHead = nn.Linear(FeatureDim, numClasses);
        if (numCodes > 0)
            codeHead = nn.Linear(FeatureDim, numCodes);
        RegisterComponents();
        DcganInit.Apply(this);
    }

    /// <summary>The input image's shape.</summary>
    public InputShape Image { get; }

    /// <summary>Base number of channels w.</summary>
    public int Width { get; }

    /// <summary>Whether the convolutions after the first are followed by batch norm.</summary>
    public bool BatchNorm { get; }

    /// <summary>Number of classes C (0 when the discriminator uses no label).</summary>
    public int NumClasses { get; }

    /// <summary>How the label enters the input.</summary>
    public LabelConditioning InputConditioning { get; }

    /// <summary>Whether the discriminator outputs class logits.</summary>
    public bool HasClassHead => classHead is not null;

    /// <summary>Number of continuous codes the code head predicts, 0 for none.</summary>
    public int NumCodes { get; }

    /// <summary>Length of the flattened features the heads read: 2w·7·7 for 28×28, 4w·4·4 for 32×32.</summary>
    public int FeatureDim { get; }

    /// <inheritdoc/>
    public DiscriminatorOutput Discriminate(Tensor images, Tensor? labels = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[1] != Image.Channels || images.shape[2] != Image.Height || images.shape[3] != Image.Width)
        {
            throw new ArgumentException(
                $"Expected images [N, {Image.Channels}, {Image.Height}, {Image.Width}], got [{string.Join(", ", images.shape)}]", nameof(images));
        }

        var batch = images.shape[0];
        DcganGeometry.CheckLabels(labels, batch, InputConditioning != LabelConditioning.None, "discriminator", nameof(labels));
        using var scope = NewDisposeScope();
        var input = InputConditioning switch
        {
            LabelConditioning.OneHot => cat(
                [images, nn.functional.one_hot(labels!, NumClasses).to(images.dtype).view(batch, NumClasses, 1, 1).expand(batch, NumClasses, Image.Height, Image.Width)],
                1),
            LabelConditioning.Embedding => cat([images, labelPlane!.forward(labels!).view(batch, 1, Image.Height, Image.Width)], 1),
            _ => images,
        };
        var features = body.forward(input).flatten(1);
        var score = scoreHead.forward(features).squeeze(1).MoveToOuterDisposeScope();
        var classLogits = classHead?.forward(features).MoveToOuterDisposeScope();
        var codes = codeHead?.forward(features).MoveToOuterDisposeScope();
        return new DiscriminatorOutput(score, classLogits, codes);
    }
}
