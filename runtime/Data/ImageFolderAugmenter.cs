using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Data;

/// <summary>
/// Decodes, crops, resizes, flips, normalises and cuts the images of one batch of an <see cref="ImageFolderDataset"/>.
/// Training (RandomResizedCrop): torchvision's RandomResizedCrop(size) then RandomHorizontalFlip; test
/// (ResizeShorterSide): Resize(ResizeShorterSide) then CenterCrop(size); then ToTensor, Cutout (a black hole, as in
/// <see cref="BatchAugmenter"/>) and Normalize.
/// </summary>
/// <remarks>
/// Decoding is TorchVision's <c>torchvision.io.read_image</c> with its SkiaSharp imager (RGB; grey images get three
/// equal channels). Written here: the crop-window draw (torchvision's RandomResizedCrop.get_params, ported) and the
/// resize, because TorchVision 0.107's <c>resize</c> / <c>resized_crop</c> interpolate nearest-neighbour only; here
/// torch's bilinear interpolation with antialiasing, as PIL's bilinear resize in the reference pipeline, rounded to
/// whole grey levels as the uint8 image ToTensor reads. The images of a batch are decoded in parallel; each sample
/// draws from its own generator, seeded in sample order from (seed, epoch, batch), so the batch does not depend on
/// the thread schedule.
/// </remarks>
internal sealed class ImageFolderAugmenter : IBatchPreparer
{
    private static readonly torchvision.io.Imager Decoder = new torchvision.io.SkiaImager();

    private readonly ImageFolderDataset _data;
    private readonly AugmentationOptions _options;
    private readonly float[] _black;

    public ImageFolderAugmenter(ImageFolderDataset data, AugmentationOptions options)
    {
        options.Validate(data.Channels, data.Height, data.Width);
        if (options.Padding > 0 || options.RandomCrop)
        {
            throw new ArgumentException($"Augmentation: Padding and RandomCrop apply to fixed-size images; the image folder {data.Name} takes RandomResizedCrop (training) or ResizeShorterSide (test).");
        }
        if (options.AutoAugment)
        {
            throw new ArgumentException($"Augmentation: AutoAugment (the CIFAR policy) applies to the CIFAR data sets, not to the image folder {data.Name}.");
        }
        if (!options.RandomResizedCrop && options.ResizeShorterSide == 0)
        {
            throw new ArgumentException($"Augmentation: the images of the folder {data.Name} differ in size; it needs RandomResizedCrop or ResizeShorterSide to bring them to {data.Size}×{data.Size}.");
        }
        _data = data;
        _options = options;
        _black = Enumerable.Range(0, 3).Select(c => (0f - options.Mean[c]) / options.Std[c]).ToArray();
    }

    public Batch Prepare(ReadOnlySpan<int> indices, int seed, int epoch, int batchIndex)
    {
        var count = indices.Length;
        var samples = new int[count];
        var seeds = new int[count];
        var random = DeterministicSeed.Create(seed, epoch, batchIndex);
        for (var i = 0; i < count; i++)
        {
            samples[i] = indices[i];
            if ((uint)samples[i] >= (uint)_data.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), samples[i], $"Sample index outside 0..{_data.Count - 1} of {_data.Name}.");
            }
            seeds[i] = random.Next();
        }

        var size = _data.Size;
        var images = empty(new long[] { count, 3, size, size }, ScalarType.Float32).DetachFromDisposeScope();
        var labels = empty(new long[] { count }, ScalarType.Int64).DetachFromDisposeScope();
        try
        {
            var labelOutput = MemoryMarshal.Cast<byte, long>(labels.bytes);
            for (var i = 0; i < count; i++)
            {
                labelOutput[i] = _data.Labels[samples[i]];
            }
            try
            {
                Parallel.For(0, count, i => PrepareOne(_data.Paths[samples[i]], new Random(seeds[i]), images, i));
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            }
            return new Batch(images, labels, batchIndex);
        }
        catch
        {
            images.Dispose();
            labels.Dispose();
            throw;
        }
    }

    /// <summary>Decodes one file and writes its normalised crop into row <paramref name="row"/> of <paramref name="images"/>.</summary>
    private void PrepareOne(string path, Random random, Tensor images, int row)
    {
        var size = _data.Size;
        using (NewDisposeScope())
        {
            var image = Decode(path);
            var (height, width) = ((int)image.shape[1], (int)image.shape[2]);
            Tensor cropped;
            if (_options.RandomResizedCrop)
            {
                var (top, left, h, w) = RandomResizedCropBox(random, height, width);
                cropped = Resize(image.narrow(1, top, h).narrow(2, left, w), size, size);
            }
            else
            {
                var (h, w) = ShorterSideTo(_options.ResizeShorterSide, height, width);
                var resized = Resize(image, h, w);
                // torchvision's CenterCrop: int(round((side − size) / 2)).
                var top = (int)Math.Round((h - size) / 2.0, MidpointRounding.ToEven);
                var left = (int)Math.Round((w - size) / 2.0, MidpointRounding.ToEven);
                cropped = resized.narrow(1, top, size).narrow(2, left, size);
            }
            if (_options.HorizontalFlip && random.Next(2) == 1)
            {
                cropped = cropped.flip(-1);
            }
            var mean = tensor(_options.Mean, [3, 1, 1]);
            var std = tensor(_options.Std, [3, 1, 1]);
            var normalised = cropped.div(255f).sub_(mean).div_(std);
            images[row].copy_(normalised);
        }
        if (_options.CutoutSize > 0)
        {
            var sampleLength = 3 * size * size;
            var output = MemoryMarshal.Cast<byte, float>(images.bytes).Slice(row * sampleLength, sampleLength);
            BatchAugmenter.Cutout(output, 3, size, size, _options.CutoutSize, random, _black);
        }
    }

    /// <summary>The file as a uint8 RGB tensor [3, H, W], through TorchVision's reader.</summary>
    private static Tensor Decode(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return torchvision.io.read_image(stream, torchvision.io.ImageReadMode.RGB, Decoder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"cannot be read: {e.Message}", e);
        }
        catch (Exception e) when (e is NullReferenceException or ArgumentException)
        {
            // SkiaSharp returns no bitmap for bytes it cannot decode, and the imager then fails on it.
            throw new DataFormatException(path, $"not a decodable image (expected {string.Join(", ", ImageFolder.Extensions)})", e);
        }
    }

    /// <summary>
    /// Resizes a uint8 [3, h, w] image to [3, <paramref name="height"/>, <paramref name="width"/>] float values in
    /// 0..255, bilinear with antialiasing, rounded to whole grey levels.
    /// </summary>
    private static Tensor Resize(Tensor image, int height, int width)
    {
        var input = image.to(ScalarType.Float32).unsqueeze(0);
        var resized = nn.functional.interpolate(input, [height, width], mode: InterpolationMode.Bilinear, align_corners: false, antialias: true);
        return resized.squeeze(0).round_().clamp_(0, 255);
    }

    /// <summary>torchvision's Resize(int): the shorter side becomes <paramref name="shorter"/>, the longer int(shorter · long / short).</summary>
    internal static (int Height, int Width) ShorterSideTo(int shorter, int height, int width) =>
        width <= height ? (height * shorter / width, shorter) : (shorter, width * shorter / height);

    /// <summary>
    /// torchvision's RandomResizedCrop.get_params with scale (0.08, 1) and ratio (3/4, 4/3): up to ten draws of an
    /// area fraction and a log-uniform aspect ratio, the first window that fits placed uniformly; otherwise the
    /// central crop with the ratio clamped to the range. Returns (top, left, height, width).
    /// </summary>
    internal static (int Top, int Left, int Height, int Width) RandomResizedCropBox(Random random, int height, int width)
    {
        const double minScale = 0.08, maxScale = 1.0, minRatio = 3.0 / 4.0, maxRatio = 4.0 / 3.0;
        var area = (double)height * width;
        var (logMin, logMax) = (Math.Log(minRatio), Math.Log(maxRatio));
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var targetArea = area * (minScale + (maxScale - minScale) * random.NextDouble());
            var ratio = Math.Exp(logMin + (logMax - logMin) * random.NextDouble());
            // Python's round: half to even.
            var w = (int)Math.Round(Math.Sqrt(targetArea * ratio));
            var h = (int)Math.Round(Math.Sqrt(targetArea / ratio));
            if (w > 0 && w <= width && h > 0 && h <= height)
            {
                var top = random.Next(height - h + 1);
                var left = random.Next(width - w + 1);
                return (top, left, h, w);
            }
        }
        var inRatio = (double)width / height;
        var (fallbackH, fallbackW) = inRatio < minRatio ? ((int)Math.Round(width / minRatio), width)
            : inRatio > maxRatio ? (height, (int)Math.Round(height * maxRatio))
            : (height, width);
        return ((height - fallbackH) / 2, (width - fallbackW) / 2, fallbackH, fallbackW);
    }
}
