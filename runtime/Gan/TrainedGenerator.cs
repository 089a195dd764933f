using IsdaDsl.Runtime.Execution;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Settings;
using TorchSharp;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Gan;

/// <summary>
/// The generator(s) of a completed GAN run, read from the run's <see cref="FileName"/> (written by the GAN trainer
/// when the run completes): one conditional generator, one unconditional generator per class, or one unconditional
/// generator. <see cref="Generate"/> draws images in [−1, 1]; <see cref="ToNormalised"/> maps them to a data set's
/// normalisation ((x + 1)/2 is the pixel/255 of the real images).
/// </summary>
public sealed class TrainedGenerator : IDisposable
{
    /// <summary>File name of the final generators inside a GAN run folder.</summary>
    public const string FileName = "generator.bin";

    private const string Magic = "IsdaDsl GAN generator";
    private const int Version = 1;

    private readonly IReadOnlyList<DcganGenerator> generators;

    private TrainedGenerator(string objective, bool perClass, InputShape image, int numClasses, int noiseDim, int numCodes, IReadOnlyList<DcganGenerator> generators)
    {
        Objective = objective;
        PerClass = perClass;
        Image = image;
        NumClasses = numClasses;
        NoiseDim = noiseDim;
        NumCodes = numCodes;
        this.generators = generators;
    }

    /// <summary>The objective the generator was trained with.</summary>
    public string Objective { get; }

    /// <summary>One unconditional generator per class.</summary>
    public bool PerClass { get; }

    /// <summary>The generated images' shape.</summary>
    public InputShape Image { get; }

    /// <summary>The data set's number of classes.</summary>
    public int NumClasses { get; }

    /// <summary>Dimension of the noise z.</summary>
    public int NoiseDim { get; }

    /// <summary>InfoGAN's number of continuous codes (0 otherwise).</summary>
    public int NumCodes { get; }

    /// <summary>
    /// Whether <see cref="Generate"/> takes labels: per-class and conditional models. InfoGAN's categories are latent
    /// codes whose correspondence to the data set's classes is decided by training, not by the labels (§9.3).
    /// </summary>
    public bool TakesLabels => PerClass || generators[0].NumClasses > 0;

    /// <summary>Writes <paramref name="generators"/> with what is needed to rebuild them, atomically (temporary file, flush, rename).</summary>
    public static void Save(string path, GanSettings settings, InputShape image, int numClasses, IReadOnlyList<DcganGenerator> generators)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(Version);
                writer.Write(settings.Objective);
                writer.Write(settings.PerClass);
                writer.Write(image.Channels);
                writer.Write(image.Height);
                writer.Write(image.Width);
                writer.Write(numClasses);
                writer.Write(settings.NoiseDim);
                writer.Write(settings.GeneratorWidth);
                writer.Write(settings.NumCodes);
                writer.Write(generators.Count);
                foreach (var generator in generators)
                    generator.save(writer);
            }
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Freshly initialised generators of the shape <paramref name="settings"/> describe, drawn from torch's global
    /// generator: the reference a trained generator's quality is read against (docs/method.md §9.5).
    /// </summary>
    public static TrainedGenerator Untrained(GanSettings settings, InputShape image, int numClasses)
    {
        var generators = GanModels.Generators(settings, image, numClasses);
        foreach (var generator in generators)
            generator.eval();
        return new TrainedGenerator(settings.Objective, settings.PerClass, image, numClasses, settings.NoiseDim, settings.NumCodes, generators);
    }

    /// <summary>
    /// Reads the generators from <paramref name="path"/>: a <see cref="FileName"/> file or a run folder holding one.
    /// Throws <see cref="InvalidDataException"/> naming the file when it is not such a file.
    /// </summary>
    public static TrainedGenerator Load(string path, Device? device = null)
    {
        if (Directory.Exists(path))
            path = Path.Combine(path, FileName);
        var built = new List<DcganGenerator>();
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream);
            if (reader.ReadString() != Magic)
                throw new InvalidDataException("not an IsdaDsl GAN generator file");
            var version = reader.ReadInt32();
            if (version != Version)
                throw new InvalidDataException($"generator file version {version}, this build reads version {Version}");
            var objective = reader.ReadString();
            var perClass = reader.ReadBoolean();
            var image = new InputShape(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
            var numClasses = reader.ReadInt32();
            var noiseDim = reader.ReadInt32();
            var width = reader.ReadInt32();
            var numCodes = reader.ReadInt32();
            var count = reader.ReadInt32();
            var settings = GanSettings.For(objective, "trained", new DataSettings("trained")) with
            {
                PerClass = perClass, NoiseDim = noiseDim, GeneratorWidth = width, NumCodes = numCodes,
            };
            if (count != GanModels.ModelCount(settings, numClasses))
                throw new InvalidDataException($"{count} generators for {(perClass ? $"{numClasses} classes" : "one model")}");
            for (var i = 0; i < count; i++)
            {
                var generator = GanModels.Generator(settings, image, numClasses);
                built.Add(generator);
                generator.load(reader);
                generator.eval();
                if (device is not null)
                    generator.to(device);
            }
            return new TrainedGenerator(objective, perClass, image, numClasses, noiseDim, numCodes, built);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or ArgumentException or InvalidOperationException or FileNotFoundException)
        {
            foreach (var generator in built)
                generator.Dispose();
            throw new InvalidDataException($"{path}: cannot read the trained generator: {e.Message}", e);
        }
    }

    /// <summary>
    /// Generates one image per entry of <paramref name="labels"/> (int64 [N], classes in [0, C)) — or, for a model
    /// that takes no labels (<see cref="TakesLabels"/> false), <paramref name="labels"/>.shape[0] images ignoring the
    /// values — as float32 [N, C, H, W] in [−1, 1]. The noise (and InfoGAN's codes) come from
    /// <paramref name="generator"/>, or torch's global generator. The networks run in evaluation mode, without autograd,
    /// and with kernels right for their channel counts whatever the process chose for its other networks
    /// (<see cref="OneDnn.ForAnyConvolution"/>).
    /// </summary>
    public Tensor Generate(Tensor labels, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.dim() != 1 || labels.dtype != ScalarType.Int64)
            throw new ArgumentException($"Expected int64 labels [N], got {labels.dtype} [{string.Join(", ", labels.shape)}]", nameof(labels));
        var device = generators[0].parameters().First().device;
        var count = labels.shape[0];
        using var noGrad = no_grad();
        using var kernels = OneDnn.ForAnyConvolution();
        using var scope = NewDisposeScope();
        var onDevice = labels.to(device);
        if (TakesLabels && count > 0 && (onDevice.min().item<long>() < 0 || onDevice.max().item<long>() >= NumClasses))
            throw new ArgumentException($"Labels must lie in [0, {NumClasses})", nameof(labels));
        var noise = randn([count, NoiseDim], device: device, generator: generator);
        Tensor? codes = NumCodes > 0 ? rand([count, NumCodes], device: device, generator: generator).mul_(2).sub_(1) : null;
        if (!PerClass)
        {
            var conditional = generators[0].NumClasses > 0;
            return generators[0].Generate(noise, conditional ? onDevice : null, codes).MoveToOuterDisposeScope();
        }

        var images = zeros([count, Image.Channels, Image.Height, Image.Width], device: device);
        for (var k = 0; k < NumClasses; k++)
        {
            var index = onDevice.eq(k).nonzero().flatten();
            if (index.shape[0] == 0)
                continue;
            images.index_copy_(0, index, generators[k].Generate(noise.index_select(0, index)));
        }
        return images.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Renders <paramref name="noise"/> [N, d] into images [N, C, H, W] in [−1, 1] with autograd, so that a loss on the
    /// images can be differentiated with respect to the noise (docs/method.md §10): per-class models render row i with
    /// the generator of class <paramref name="labels"/>[i], a conditional model takes the labels, an unconditional one
    /// ignores them; InfoGAN's continuous codes are held at 0, the centre of their range. The networks stay in
    /// evaluation mode and are not changed.
    /// </summary>
    public Tensor Render(Tensor noise, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(noise);
        ArgumentNullException.ThrowIfNull(labels);
        if (noise.dim() != 2 || noise.shape[1] != NoiseDim || labels.dim() != 1 || labels.shape[0] != noise.shape[0])
            throw new ArgumentException($"Expected noise [N, {NoiseDim}] and labels [N], got [{string.Join(", ", noise.shape)}] and [{string.Join(", ", labels.shape)}]");
        using var scope = NewDisposeScope();
        var onDevice = labels.to(noise.device);
        if (!PerClass)
        {
            var codes = NumCodes > 0 ? zeros([noise.shape[0], NumCodes], dtype: noise.dtype, device: noise.device) : null;
            return generators[0].Generate(noise, generators[0].NumClasses > 0 ? onDevice : null, codes).MoveToOuterDisposeScope();
        }
        // Each class's rows through its own generator, then back into the batch's order.
        var order = new List<Tensor>();
        var parts = new List<Tensor>();
        for (var k = 0; k < NumClasses; k++)
        {
            var index = onDevice.eq(k).nonzero().flatten();
            if (index.shape[0] == 0)
                continue;
            order.Add(index);
            parts.Add(generators[k].Generate(noise.index_select(0, index)));
        }
        if (order.Sum(index => index.shape[0]) != noise.shape[0])
            throw new ArgumentException($"Labels must lie in [0, {NumClasses})", nameof(labels));
        return cat(parts, 0).index_select(0, cat(order, 0).argsort()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Maps generated images in [−1, 1] to a data set's normalisation: ((x + 1)/2 − mean) / std per channel, the value
    /// the data loader gives a real pixel p with p/255 = (x + 1)/2.
    /// </summary>
    public static Tensor ToNormalised(Tensor images, float[] mean, float[] std)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || mean.Length != images.shape[1] || std.Length != images.shape[1])
            throw new ArgumentException($"Expected one mean and std per channel of images [N, C, H, W], got [{string.Join(", ", images.shape)}], {mean.Length} and {std.Length}", nameof(images));
        using var scope = NewDisposeScope();
        var m = tensor(mean, device: images.device).view(1, -1, 1, 1);
        var s = tensor(std, device: images.device).view(1, -1, 1, 1);
        return images.add(1).div(2).sub(m).div(s).MoveToOuterDisposeScope();
    }

    /// <summary>Frees the generators.</summary>
    public void Dispose()
    {
        foreach (var generator in generators)
            generator.Dispose();
    }
}
