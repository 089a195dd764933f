using IsdaDsl.Runtime.Methods;
using IsdaDsl.Runtime.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Training;

/// <summary>
/// A training checkpoint: position in the run, torch's random state, the network, the optimiser (momentum
/// buffers) and the method's state (ISDA's estimator). Written to a temporary file, flushed to disk and renamed
/// over the previous one, so a crash at any moment leaves the last complete checkpoint in place.
/// </summary>
public static class Checkpoint
{
    /// <summary>File name of the checkpoint inside a run folder.</summary>
    public const string FileName = "checkpoint.bin";

    private const string Magic = "IsdaDsl checkpoint";
    private const int Version = 1;

    /// <summary>Writes a checkpoint atomically to <paramref name="path"/>.</summary>
    public static void Save(string path, EpochProgress progress, ClassifierNetwork network, OptimizerHelper optimizer, ITrainingMethod method)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(Version);
                WriteProgress(writer, progress);
                using (var rng = random.get_rng_state())
                    WriteTensor(writer, rng);
                network.save(writer);
                optimizer.save_state_dict(writer);
                method.Save(writer);
            }
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Restores everything <see cref="Save"/> wrote into already-built objects of the same shape and returns
    /// where to continue. Throws <see cref="InvalidDataException"/> naming the file when it is not a checkpoint
    /// or does not fit.
    /// </summary>
    public static EpochProgress Load(string path, ClassifierNetwork network, OptimizerHelper optimizer, ITrainingMethod method)
    {
        return Read(path, "resume from", reader =>
        {
            var progress = ReadProgress(reader);
            using (var rng = ReadTensor(reader))
                random.set_rng_state(rng);
            network.load(reader);
            optimizer.load_state_dict(reader);
            method.Load(reader);
            return progress;
        });
    }

    /// <summary>
    /// Restores only the network's parameters and buffers (the weights a completed run ends with): for using a
    /// trained classifier, leaving torch's random state alone.
    /// </summary>
    public static void LoadNetwork(string path, ClassifierNetwork network) => Read(path, "read the network of", reader =>
    {
        ReadProgress(reader);
        ReadTensor(reader).Dispose();
        network.load(reader);
        return 0;
    });

    /// <summary>
    /// Restores the network, the optimiser and the method's state (ISDA's class covariances) a completed run ends
    /// with, leaving torch's random state alone: for using a trained classifier and what its method learned.
    /// </summary>
    public static void LoadTrained(string path, ClassifierNetwork network, OptimizerHelper optimizer, ITrainingMethod method) => Read(path, "read the trained state of", reader =>
    {
        ReadProgress(reader);
        ReadTensor(reader).Dispose();
        network.load(reader);
        optimizer.load_state_dict(reader);
        method.Load(reader);
        return 0;
    });

    private static T Read<T>(string path, string action, Func<BinaryReader, T> read)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream);
            if (reader.ReadString() != Magic)
                throw new InvalidDataException("not an IsdaDsl checkpoint");
            var version = reader.ReadInt32();
            if (version != Version)
                throw new InvalidDataException($"checkpoint version {version}, this build reads version {Version}");
            return read(reader);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or ArgumentException or InvalidOperationException or FileNotFoundException)
        {
            throw new InvalidDataException($"{path}: cannot {action} this checkpoint: {e.Message}", e);
        }
    }

    private static void WriteProgress(BinaryWriter writer, EpochProgress p)
    {
        writer.Write(p.Epoch);
        writer.Write(p.NextBatch);
        writer.Write(p.LossSum);
        writer.Write(p.Correct);
        writer.Write(p.Seen);
        writer.Write(p.Seconds);
    }

    private static EpochProgress ReadProgress(BinaryReader reader) =>
        new(reader.ReadInt32(), reader.ReadInt32(), reader.ReadDouble(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadDouble());

    // The generator state is a plain byte tensor; its bytes are written raw.
    private static void WriteTensor(BinaryWriter writer, Tensor state)
    {
        using var asBytes = state.to_type(ScalarType.Byte);
        var bytes = asBytes.data<byte>().ToArray();
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    private static Tensor ReadTensor(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length)
            throw new EndOfStreamException("truncated random state");
        return tensor(bytes, dtype: ScalarType.Byte);
    }
}
