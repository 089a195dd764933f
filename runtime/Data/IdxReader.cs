using System.Buffers.Binary;

namespace IsdaDsl.Runtime.Data;

/// <summary>
/// Reads the IDX format of MNIST and Fashion-MNIST (big-endian header, then unsigned bytes), gzipped or plain,
/// checking magic, dimensions, exact payload length, label range and that images and labels agree in number.
/// </summary>
public static class IdxReader
{
    /// <summary>Magic of an IDX file of unsigned bytes with three dimensions (images N × rows × columns).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic of an IDX file of unsigned bytes with one dimension (labels N).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>
    /// Loads one grey-scale data set from an IDX image file and an IDX label file, both of which must hold
    /// <paramref name="height"/> × <paramref name="width"/> images and labels in 0..<paramref name="numClasses"/>-1.
    /// </summary>
    /// <exception cref="DataFormatException">A file is missing, truncated or inconsistent.</exception>
    public static ImageDataset Load(string name, string imagesPath, string labelsPath, int numClasses, int height, int width)
    {
        imagesPath = Path.GetFullPath(imagesPath);
        labelsPath = Path.GetFullPath(labelsPath);
        var imageFile = DataFile.ReadAll(imagesPath, $"an IDX image file (magic 0x{ImagesMagic:X8})");
        var (count, rows, cols) = ReadImageHeader(imagesPath, imageFile);
        if (rows != height || cols != width)
        {
            throw new DataFormatException(imagesPath, $"expected {height}×{width} images, found {rows}×{cols}");
        }
        var labelFile = DataFile.ReadAll(labelsPath, $"an IDX label file (magic 0x{LabelsMagic:X8})");
        var labels = ReadLabels(labelsPath, labelFile, numClasses);
        if (labels.Length != count)
        {
            throw new DataFormatException(labelsPath, $"expected as many labels as {imagesPath} has images ({count}), found {labels.Length}");
        }
        return ImageDataset.FromBytes(name, imageFile.AsSpan(16), labels, 1, rows, cols, numClasses);
    }

    /// <summary>Checks the 16-byte header and the payload length of an image file; returns its dimensions.</summary>
    internal static (int Count, int Rows, int Cols) ReadImageHeader(string path, ReadOnlySpan<byte> file)
    {
        const int headerLength = 16;
        CheckHeader(path, file, headerLength, ImagesMagic, "IDX images");
        var count = ReadDimension(path, file, 4, "image count");
        var rows = ReadDimension(path, file, 8, "row count");
        var cols = ReadDimension(path, file, 12, "column count");
        CheckPayload(path, file.Length - headerLength, (long)count * rows * cols, $"{count} × {rows} × {cols} pixel bytes");
        return (count, rows, cols);
    }

    /// <summary>Checks a label file and returns its labels (after the 8-byte header).</summary>
    internal static ReadOnlySpan<byte> ReadLabels(string path, ReadOnlySpan<byte> file, int numClasses)
    {
        const int headerLength = 8;
        CheckHeader(path, file, headerLength, LabelsMagic, "IDX labels");
        var count = ReadDimension(path, file, 4, "label count");
        CheckPayload(path, file.Length - headerLength, count, $"{count} label bytes");
        var labels = file.Slice(headerLength);
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= numClasses)
            {
                throw new DataFormatException(path, $"expected labels in 0..{numClasses - 1}, found {labels[i]} at index {i}");
            }
        }
        return labels;
    }

    private static void CheckHeader(string path, ReadOnlySpan<byte> file, int headerLength, int magic, string kind)
    {
        if (file.Length < headerLength)
        {
            throw new DataFormatException(path, $"expected a {headerLength}-byte {kind} header, found only {file.Length} bytes (truncated)");
        }
        var found = BinaryPrimitives.ReadInt32BigEndian(file);
        if (found != magic)
        {
            throw new DataFormatException(path, $"expected magic 0x{magic:X8} ({kind}), found 0x{found:X8}");
        }
    }

    private static int ReadDimension(string path, ReadOnlySpan<byte> file, int offset, string what)
    {
        var value = BinaryPrimitives.ReadInt32BigEndian(file.Slice(offset));
        if (value <= 0)
        {
            throw new DataFormatException(path, $"expected a positive {what} in the header, found {value}");
        }
        return value;
    }

    private static void CheckPayload(string path, long found, long expected, string what)
    {
        if (found != expected)
        {
            var hint = found < expected ? "truncated" : "trailing data";
            throw new DataFormatException(path, $"expected {expected} bytes of payload ({what}) after the header, found {found} ({hint})");
        }
    }
}
