using System.Runtime.InteropServices;
using System.Text;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Persistence;

/// <summary>
/// The framing that every piece of method state in a checkpoint shares (the ISDA covariance estimator, centre
/// loss's centres, the L-Softmax step counter): an ASCII tag and a format version, then the values, with tensors
/// as little-endian float64 so float32 state round-trips exactly.
/// </summary>
public static class StateRecord
{
    /// <summary>Writes the tag <paramref name="magic"/> and <paramref name="version"/>.</summary>
    public static void WriteHeader(BinaryWriter writer, string magic, int version)
    {
        writer.Write(Encoding.ASCII.GetBytes(magic));
        writer.Write(version);
    }

    /// <summary>
    /// Reads a header from <paramref name="reader"/> and checks it is <paramref name="magic"/> at
    /// <paramref name="version"/>; <paramref name="what"/> names the state in messages ("center-loss").
    /// </summary>
    /// <exception cref="InvalidDataException">Another record, or another version of this one.</exception>
    public static void ReadHeader(BinaryReader reader, string magic, int version, string what)
    {
        if (Encoding.ASCII.GetString(reader.ReadBytes(Encoding.ASCII.GetByteCount(magic))) != magic)
            throw new InvalidDataException($"Not a {what} checkpoint record (bad header).");
        var found = reader.ReadInt32();
        if (found != version)
            throw new InvalidDataException($"Unsupported {what} checkpoint version {found}; expected {version}.");
    }

    /// <summary>Writes the values of <paramref name="state"/> as float64 (its shape is the caller's to write).</summary>
    public static void WriteTensor(BinaryWriter writer, Tensor state)
    {
        using var scope = NewDisposeScope();
        var values = state.to(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
        writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    /// <summary>Reads a float64 CPU tensor of <paramref name="shape"/> written by <see cref="WriteTensor"/>.</summary>
    /// <exception cref="InvalidDataException">The record ends before all values (the message names <paramref name="what"/>).</exception>
    public static Tensor ReadTensor(BinaryReader reader, long[] shape, string what)
    {
        var length = checked((int)shape.Aggregate(1L, (a, b) => a * b));
        var bytes = reader.ReadBytes(checked(length * sizeof(double)));
        if (bytes.Length != length * sizeof(double))
            throw new InvalidDataException($"The {what} checkpoint is truncated.");
        return tensor(MemoryMarshal.Cast<byte, double>(bytes).ToArray(), shape, ScalarType.Float64);
    }
}
