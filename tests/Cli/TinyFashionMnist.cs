using IsdaDsl.Tests.Data;

namespace IsdaDsl.Tests.Cli;

/// <summary>A Fashion-MNIST-shaped data set of 64 + 32 images, small enough that one epoch of a tiny ResNet takes well under a second.</summary>
internal static class TinyFashionMnist
{
    /// <summary>Writes the four IDX files into <paramref name="folder"/>, creating it.</summary>
    public static void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var (prefix, count) in new[] { ("train", 64), ("t10k", 32) })
        {
            // Class c lights up rows 2c..2c+2, so the images are not all alike.
            File.WriteAllBytes(Path.Combine(folder, $"{prefix}-images-idx3-ubyte"), DataFiles.IdxImages(count, 28, 28, (n, y, _) => (byte)(y / 3 == n % 10 ? 200 : 20)));
            File.WriteAllBytes(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte"), DataFiles.IdxLabels(Enumerable.Range(0, count).Select(n => (byte)(n % 10)).ToArray()));
        }
    }
}
