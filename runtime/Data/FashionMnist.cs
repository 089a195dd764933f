namespace IsdaDsl.Runtime.Data;

/// <summary>Fashion-MNIST: 60000 training and 10000 test grey images of 28×28 pixels in 10 classes (IDX files).</summary>
public static class FashionMnist
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the files.</summary>
    public const string DefaultRoot = "/usr/share/datasets/fashion-mnist";

    /// <summary>Number of classes.</summary>
    public const int NumClasses = 10;

    /// <summary>Image side in pixels.</summary>
    public const int Size = 28;

    /// <summary>
    /// Loads both splits from <paramref name="root"/> (default <see cref="DefaultRoot"/>): each file as
    /// <c>NAME.gz</c>, or plain <c>NAME</c> when the gzipped one is absent.
    /// </summary>
    /// <exception cref="DataFormatException">A file is missing, truncated or inconsistent.</exception>
    public static DataSplit Load(string? root = null)
    {
        root = Path.GetFullPath(root ?? DefaultRoot);
        var train = LoadSplit(root, "train");
        try
        {
            return new DataSplit(train, LoadSplit(root, "t10k"));
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    private static ImageDataset LoadSplit(string root, string prefix) =>
        IdxReader.Load($"fashion-mnist/{(prefix == "train" ? "train" : "test")}",
            Resolve(root, $"{prefix}-images-idx3-ubyte"), Resolve(root, $"{prefix}-labels-idx1-ubyte"),
            NumClasses, Size, Size);

    private static string Resolve(string root, string name)
    {
        var gz = Path.Combine(root, name + ".gz");
        var plain = Path.Combine(root, name);
        if (File.Exists(gz))
        {
            return gz;
        }
        if (File.Exists(plain))
        {
            return plain;
        }
        throw new DataFormatException(gz, $"missing file (nor an uncompressed {name}); expected Fashion-MNIST's IDX files " +
            "{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz (Debian package dataset-fashion-mnist)");
    }
}
