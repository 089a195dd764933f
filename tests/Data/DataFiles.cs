using System.Buffers.Binary;
using System.IO.Compression;
using IsdaDsl.Runtime.Data;

namespace IsdaDsl.Tests.Data;

/// <summary>Writes small IDX and CIFAR files into a fresh temporary folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Root = Directory.CreateTempSubdirectory("isdadsl-data-").FullName;
    }

    public string Root { get; }

    public string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public string Write(string relative, byte[] contents)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, contents);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

internal static class DataFiles
{
    /// <summary>The in-memory data set behind a reader's split (CIFAR and Fashion-MNIST readers return these).</summary>
    public static ImageDataset InMemory(this ImageSource source) => Assert.IsType<ImageDataset>(source);

    /// <summary>An IDX file: big-endian magic, big-endian dimensions, payload.</summary>
    public static byte[] Idx(int magic, int[] dims, byte[] payload)
    {
        var file = new byte[4 + 4 * dims.Length + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(file, magic);
        for (var i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(4 + 4 * i), dims[i]);
        }
        payload.CopyTo(file, 4 + 4 * dims.Length);
        return file;
    }

    public static byte[] IdxImages(int count, int rows, int cols, Func<int, int, int, byte> pixel)
    {
        var payload = new byte[count * rows * cols];
        for (var n = 0; n < count; n++)
        {
            for (var y = 0; y < rows; y++)
            {
                for (var x = 0; x < cols; x++)
                {
                    payload[(n * rows + y) * cols + x] = pixel(n, y, x);
                }
            }
        }
        return Idx(IdxReader.ImagesMagic, [count, rows, cols], payload);
    }

    public static byte[] IdxLabels(params byte[] labels) => Idx(IdxReader.LabelsMagic, [labels.Length], labels);

    public static byte[] Gzip(byte[] contents)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(contents);
        }
        return output.ToArray();
    }

    /// <summary>CIFAR records: label byte(s) then 3072 pixels; pixel (n, c, i) = pixel(n, c, i).</summary>
    public static byte[] CifarRecords(byte[][] labels, Func<int, int, int, byte> pixel)
    {
        var labelBytes = labels[0].Length;
        var record = labelBytes + 3072;
        var file = new byte[labels.Length * record];
        for (var n = 0; n < labels.Length; n++)
        {
            labels[n].CopyTo(file, n * record);
            for (var c = 0; c < 3; c++)
            {
                for (var i = 0; i < 1024; i++)
                {
                    file[n * record + labelBytes + c * 1024 + i] = pixel(n, c, i);
                }
            }
        }
        return file;
    }

    /// <summary>A data set from managed values, for augmentation and loader tests.</summary>
    public static ImageDataset Dataset(int count, int channels, int height, int width, Func<int, int, int, int, byte> pixel, Func<int, byte> label, int numClasses)
    {
        var pixels = new byte[count * channels * height * width];
        var i = 0;
        for (var n = 0; n < count; n++)
        {
            for (var c = 0; c < channels; c++)
            {
                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        pixels[i++] = pixel(n, c, y, x);
                    }
                }
            }
        }
        var labels = Enumerable.Range(0, count).Select(label).ToArray();
        return ImageDataset.FromBytes("test", pixels, labels, channels, height, width, numClasses);
    }
}
