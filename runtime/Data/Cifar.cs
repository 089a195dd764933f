namespace IsdaDsl.Runtime.Data;

/// <summary>
/// CIFAR-10 and CIFAR-100 in their binary versions: fixed-size records of label byte(s) followed by
/// 3072 pixel bytes, the R, G and B planes of a 32×32 image (already the [3, 32, 32] layout).
/// </summary>
public static class Cifar
{
    /// <summary>Image side in pixels.</summary>
    public const int Size = 32;

    private const int PixelBytes = 3 * Size * Size;

    /// <summary>
    /// Loads CIFAR-10 from <paramref name="root"/>/cifar-10-batches-bin (data_batch_1..5.bin, test_batch.bin),
    /// or from <paramref name="root"/> itself when it holds those files.
    /// </summary>
    /// <exception cref="DataFormatException">A file is missing, truncated or has a label outside 0..9.</exception>
    public static DataSplit Load10(string root)
    {
        const string expected = "the CIFAR-10 binary version (cifar-10-batches-bin/data_batch_1.bin … data_batch_5.bin and test_batch.bin)";
        var folder = Resolve(root, "cifar-10-batches-bin", "data_batch_1.bin", expected);
        var trainFiles = Enumerable.Range(1, 5).Select(i => Path.Combine(folder, $"data_batch_{i}.bin"));
        return LoadSplit("cifar10", trainFiles, Path.Combine(folder, "test_batch.bin"), labelBytes: 1, numClasses: 10, expected);
    }

    /// <summary>
    /// Loads CIFAR-100 (fine labels, 100 classes) from <paramref name="root"/>/cifar-100-binary (train.bin, test.bin),
    /// or from <paramref name="root"/> itself when it holds those files.
    /// </summary>
    /// <exception cref="DataFormatException">A file is missing, truncated or has a label out of range.</exception>
    public static DataSplit Load100(string root)
    {
        const string expected = "the CIFAR-100 binary version (cifar-100-binary/train.bin and test.bin)";
        var folder = Resolve(root, "cifar-100-binary", "train.bin", expected);
        return LoadSplit("cifar100", [Path.Combine(folder, "train.bin")], Path.Combine(folder, "test.bin"), labelBytes: 2, numClasses: 100, expected);
    }

    /// <summary>The folder holding the files: the archive's own folder under the root, or the root itself.</summary>
    private static string Resolve(string root, string archiveFolder, string firstFile, string expected)
    {
        root = Path.GetFullPath(root);
        var nested = Path.Combine(root, archiveFolder);
        if (File.Exists(Path.Combine(nested, firstFile)))
        {
            return nested;
        }
        if (File.Exists(Path.Combine(root, firstFile)))
        {
            return root;
        }
        throw new DataFormatException(Path.Combine(nested, firstFile), $"missing file (nor {Path.Combine(root, firstFile)}); expected {expected}");
    }

    private static DataSplit LoadSplit(string name, IEnumerable<string> trainFiles, string testFile, int labelBytes, int numClasses, string expected)
    {
        var train = LoadRecords($"{name}/train", trainFiles, labelBytes, numClasses, expected);
        try
        {
            return new DataSplit(train, LoadRecords($"{name}/test", [testFile], labelBytes, numClasses, expected));
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    /// <summary>Reads all records of <paramref name="files"/>; the label is the last label byte (CIFAR-100: the fine one).</summary>
    private static ImageDataset LoadRecords(string name, IEnumerable<string> files, int labelBytes, int numClasses, string expected)
    {
        var recordLength = labelBytes + PixelBytes;
        var contents = files.Select(f => (Path: f, Bytes: DataFile.ReadAll(f, expected))).ToList();
        foreach (var (path, bytes) in contents)
        {
            if (bytes.Length == 0 || bytes.Length % recordLength != 0)
            {
                throw new DataFormatException(path, $"length {bytes.Length} is not a positive multiple of the {recordLength}-byte record " +
                    $"({labelBytes} label byte{(labelBytes > 1 ? "s" : "")} + {PixelBytes} pixel bytes); expected {expected}");
            }
        }

        var count = contents.Sum(c => c.Bytes.Length / recordLength);
        var pixels = new byte[count * PixelBytes];
        var labels = new byte[count];
        var n = 0;
        foreach (var (path, bytes) in contents)
        {
            for (var offset = 0; offset < bytes.Length; offset += recordLength, n++)
            {
                if (labelBytes == 2 && bytes[offset] >= 20)
                {
                    throw new DataFormatException(path, $"expected coarse labels in 0..19, found {bytes[offset]} in record {offset / recordLength}");
                }
                var label = bytes[offset + labelBytes - 1];
                if (label >= numClasses)
                {
                    throw new DataFormatException(path, $"expected labels in 0..{numClasses - 1}, found {label} in record {offset / recordLength}");
                }
                labels[n] = label;
                bytes.AsSpan(offset + labelBytes, PixelBytes).CopyTo(pixels.AsSpan(n * PixelBytes));
            }
        }
        return ImageDataset.FromBytes(name, pixels, labels, 3, Size, Size, numClasses);
    }
}
