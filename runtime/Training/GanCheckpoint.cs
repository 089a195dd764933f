using IsdaDsl.Runtime.Gan;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Settings;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Training;

/// <summary>
/// One generator/discriminator pair of a GAN run with its two optimisers and its step counters (per-class runs have
/// one pair per class).
/// </summary>
internal sealed class GanPair : IDisposable
{
    private GanPair(DcganGenerator generator, DcganDiscriminator discriminator, OptimizerHelper generatorOptimizer, OptimizerHelper discriminatorOptimizer)
    {
        Generator = generator;
        Discriminator = discriminator;
        GeneratorOptimizer = generatorOptimizer;
        DiscriminatorOptimizer = discriminatorOptimizer;
    }

    public DcganGenerator Generator { get; }

    public DcganDiscriminator Discriminator { get; }

    public OptimizerHelper GeneratorOptimizer { get; }

    public OptimizerHelper DiscriminatorOptimizer { get; }

    /// <summary>Generator steps taken so far.</summary>
    public long GeneratorSteps { get; set; }

    /// <summary>Critic steps taken since the last generator step.</summary>
    public int CriticStepsSinceGenerator { get; set; }

    /// <summary>Builds a fresh pair on <paramref name="device"/> (drawing the initial weights from torch's global generator).</summary>
    public static GanPair Create(GanSettings settings, InputShape image, int numClasses, Device device)
    {
        var generator = GanModels.Generator(settings, image, numClasses);
        var discriminator = GanModels.Discriminator(settings, image, numClasses);
        generator.to(device);
        discriminator.to(device);
        return new GanPair(generator, discriminator, CreateOptimizer(settings.Optimizer, generator.parameters()), CreateOptimizer(settings.Optimizer, discriminator.parameters()));
    }

    /// <summary>Sets both optimisers' learning rate.</summary>
    public void SetLearningRate(double learningRate)
    {
        foreach (var optimizer in new[] { GeneratorOptimizer, DiscriminatorOptimizer })
        {
            foreach (var group in optimizer.ParamGroups)
                group.LearningRate = learningRate;
        }
    }

    private static OptimizerHelper CreateOptimizer(GanOptimizerSettings settings, IEnumerable<Parameter> parameters) => settings.Kind switch
    {
        "rmsprop" => optim.RMSProp(parameters, settings.LearningRate),
        _ => optim.Adam(parameters, settings.LearningRate, settings.Beta1, settings.Beta2),
    };

    public void Dispose()
    {
        GeneratorOptimizer.Dispose();
        DiscriminatorOptimizer.Dispose();
        Generator.Dispose();
        Discriminator.Dispose();
    }
}

/// <summary>
/// A GAN run's checkpoint: position and running totals of the epoch, torch's random state, the fixed sample noise,
/// and per pair the generator, the discriminator, both optimisers' state and the step counters. Written to a
/// temporary file, flushed to disk and renamed over the previous one, as <see cref="Checkpoint"/>.
/// </summary>
internal static class GanCheckpoint
{
    private const string Magic = "IsdaDsl GAN checkpoint";
    private const int Version = 1;

    public static void Save(string path, GanEpochProgress progress, IReadOnlyList<GanPair> pairs, Tensor fixedNoise, Tensor? fixedCodes)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(Version);
                progress.Write(writer);
                using (var rng = random.get_rng_state())
                    WriteBytes(writer, rng);
                WriteFloats(writer, fixedNoise);
                writer.Write(fixedCodes is not null);
                if (fixedCodes is not null)
                    WriteFloats(writer, fixedCodes);
                writer.Write(pairs.Count);
                foreach (var pair in pairs)
                {
                    writer.Write(pair.GeneratorSteps);
                    writer.Write(pair.CriticStepsSinceGenerator);
                    pair.Generator.save(writer);
                    pair.Discriminator.save(writer);
                    pair.GeneratorOptimizer.save_state_dict(writer);
                    pair.DiscriminatorOptimizer.save_state_dict(writer);
                }
            }
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Restores everything <see cref="Save"/> wrote into pairs of the same shape and the fixed noise (copied into the
    /// given tensors) and returns where to continue; <see cref="InvalidDataException"/> naming the file when it does not fit.
    /// </summary>
    public static GanEpochProgress Load(string path, IReadOnlyList<GanPair> pairs, Tensor fixedNoise, Tensor? fixedCodes)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream);
            if (reader.ReadString() != Magic)
                throw new InvalidDataException("not an IsdaDsl GAN checkpoint");
            var version = reader.ReadInt32();
            if (version != Version)
                throw new InvalidDataException($"GAN checkpoint version {version}, this build reads version {Version}");
            var progress = GanEpochProgress.Read(reader);
            var rng = ReadBytes(reader);
            ReadFloats(reader, fixedNoise, "fixed noise");
            var hasCodes = reader.ReadBoolean();
            if (hasCodes != (fixedCodes is not null))
                throw new InvalidDataException(hasCodes ? "the checkpoint has continuous codes, this run none" : "this run has continuous codes, the checkpoint none");
            if (fixedCodes is not null)
                ReadFloats(reader, fixedCodes, "fixed codes");
            var count = reader.ReadInt32();
            if (count != pairs.Count)
                throw new InvalidDataException($"the checkpoint holds {count} generator/discriminator pairs, this run has {pairs.Count}");
            foreach (var pair in pairs)
            {
                pair.GeneratorSteps = reader.ReadInt64();
                pair.CriticStepsSinceGenerator = reader.ReadInt32();
                pair.Generator.load(reader);
                pair.Discriminator.load(reader);
                pair.GeneratorOptimizer.load_state_dict(reader);
                pair.DiscriminatorOptimizer.load_state_dict(reader);
            }
            using (var state = tensor(rng, dtype: ScalarType.Byte))
                random.set_rng_state(state);
            return progress;
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: cannot resume from this checkpoint: {e.Message}", e);
        }
    }

    private static void WriteBytes(BinaryWriter writer, Tensor state)
    {
        using var asBytes = state.to_type(ScalarType.Byte);
        var bytes = asBytes.data<byte>().ToArray();
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    private static byte[] ReadBytes(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length)
            throw new EndOfStreamException("truncated random state");
        return bytes;
    }

    private static void WriteFloats(BinaryWriter writer, Tensor values)
    {
        using var cpu = values.to(ScalarType.Float32).cpu().contiguous();
        var data = cpu.data<float>().ToArray();
        writer.Write(data.Length);
        foreach (var v in data)
            writer.Write(v);
    }

    private static void ReadFloats(BinaryReader reader, Tensor into, string what)
    {
        var length = reader.ReadInt32();
        if (length != into.numel())
            throw new InvalidDataException($"{what}: {length} values, this run needs {into.numel()}");
        var data = new float[length];
        for (var i = 0; i < length; i++)
            data[i] = reader.ReadSingle();
        using var loaded = tensor(data, dtype: ScalarType.Float32).view(into.shape);
        using var noGrad = no_grad();
        into.copy_(loaded);
    }
}
