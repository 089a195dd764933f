using IsdaDsl.Runtime.Data;
using IsdaDsl.Tests.Data;

namespace IsdaDsl.Tests.Smoke;

/// <summary>
/// A tiny copy of every data set the catalog can name, in its real on-disk format, under one temporary folder
/// (deleted on dispose): a handful of textured images each, labels within the data set's range (not every class
/// present). Each training split holds at least two images and each test split exactly two, so a batch of two
/// can be drawn from either.
/// </summary>
public sealed class SmokeDataSets : IDisposable
{
    private readonly TempFolder folder = new();

    public SmokeDataSets()
    {
        WriteFashionMnist("fashion-mnist");
        WriteCifar10("cifar10");
        WriteCifar100("cifar100");
        WriteImageNet(folder.PathOf("imagenet"));
    }

    /// <summary>The root of the tiny copy of <paramref name="dataSet"/> (one of <see cref="DatasetCatalog.Names"/>).</summary>
    public string Root(string dataSet)
    {
        var name = dataSet.ToLowerInvariant();
        Assert.Contains(name, DatasetCatalog.Names);
        return folder.PathOf(name);
    }

    public void Dispose() => folder.Dispose();

    /// <summary>A pixel that varies with image, channel and position, so that crops, flips and normalisation see texture.</summary>
    private static byte Pixel(int n, int c, int i) => (byte)((37 * n + 61 * c + 13 * i + i / 32 * 7) % 256);

    /// <summary>{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz: 4 training and 2 test images of 28×28.</summary>
    private void WriteFashionMnist(string folderName)
    {
        foreach (var (prefix, labels) in new[] { ("train", new byte[] { 0, 3, 7, 9 }), ("t10k", new byte[] { 9, 1 }) })
        {
            var images = DataFiles.IdxImages(labels.Length, FashionMnist.Size, FashionMnist.Size, (n, y, x) => Pixel(n, 0, y * FashionMnist.Size + x));
            folder.Write(Path.Combine(folderName, $"{prefix}-images-idx3-ubyte.gz"), DataFiles.Gzip(images));
            folder.Write(Path.Combine(folderName, $"{prefix}-labels-idx1-ubyte.gz"), DataFiles.Gzip(DataFiles.IdxLabels(labels)));
        }
    }

    /// <summary>data_batch_1..5.bin of one image each (labels 0, 2, 4, 6, 9) and test_batch.bin of two.</summary>
    private void WriteCifar10(string folderName)
    {
        byte[] trainLabels = [0, 2, 4, 6, 9];
        for (var i = 0; i < trainLabels.Length; i++)
        {
            var label = trainLabels[i];
            folder.Write(Path.Combine(folderName, $"data_batch_{i + 1}.bin"), DataFiles.CifarRecords([[label]], (_, c, p) => Pixel(i, c, p)));
        }
        folder.Write(Path.Combine(folderName, "test_batch.bin"), DataFiles.CifarRecords([[1], [8]], Pixel));
    }

    /// <summary>train.bin of four and test.bin of two records, each a coarse (0..19) and a fine (0..99) label.</summary>
    private void WriteCifar100(string folderName)
    {
        folder.Write(Path.Combine(folderName, "train.bin"), DataFiles.CifarRecords([[4, 0], [1, 1], [19, 57], [10, 99]], Pixel));
        folder.Write(Path.Combine(folderName, "test.bin"), DataFiles.CifarRecords([[1, 1], [10, 99]], Pixel));
    }

    /// <summary>An ImageFolder tree: train/ and val/ with two classes of two 40×48 images each, one PNG and one JPEG.</summary>
    private static void WriteImageNet(string root)
    {
        foreach (var split in new[] { "train", "val" })
        {
            foreach (var (name, label) in new[] { ("n01440764", 0), ("n01443537", 1) })
            {
                ImageFolderTests.WriteImage(Path.Combine(root, split, name, "a.png"), 40, 48, (c, y, x) => Pixel(label, c, y * 48 + x));
                ImageFolderTests.WriteImage(Path.Combine(root, split, name, "b.JPEG"), 40, 48, (c, y, x) => Pixel(label + 2, c, y * 48 + x));
            }
        }
    }
}
