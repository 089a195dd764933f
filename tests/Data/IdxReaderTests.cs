using IsdaDsl.Runtime.Data;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Data;

public class IdxReaderTests
{
    private static byte Pixel(int n, int y, int x) => (byte)(n * 100 + y * 10 + x);

    private static ImageDataset LoadSmall(TempFolder folder, string images = "img.gz", string labels = "lab.gz") =>
        IdxReader.Load("small", folder.PathOf(images), folder.PathOf(labels), numClasses: 10, height: 5, width: 4);

    [Fact]
    public void Reads_gzipped_images_and_labels_exactly()
    {
        using var folder = new TempFolder();
        folder.Write("img.gz", DataFiles.Gzip(DataFiles.IdxImages(3, 5, 4, Pixel)));
        folder.Write("lab.gz", DataFiles.Gzip(DataFiles.IdxLabels(7, 0, 9)));

        using var data = LoadSmall(folder);

        Assert.Equal(new long[] { 3, 1, 5, 4 }, data.Images.shape);
        Assert.Equal(ScalarType.Byte, data.Images.dtype);
        Assert.Equal(ScalarType.Int64, data.Labels.dtype);
        Assert.Equal((3, 1, 5, 4, 10), (data.Count, data.Channels, data.Height, data.Width, data.NumClasses));
        Assert.Equal(new long[] { 7, 0, 9 }, data.Labels.data<long>().ToArray());
        var pixels = data.Images.data<byte>().ToArray();
        for (var n = 0; n < 3; n++)
        {
            for (var y = 0; y < 5; y++)
            {
                for (var x = 0; x < 4; x++)
                {
                    Assert.Equal(Pixel(n, y, x), pixels[(n * 5 + y) * 4 + x]);
                }
            }
        }
    }

    [Fact]
    public void Fashion_mnist_layout_falls_back_to_plain_files_when_the_gz_is_absent()
    {
        using var folder = new TempFolder();
        folder.Write("train-images-idx3-ubyte", DataFiles.IdxImages(2, 28, 28, (n, y, x) => (byte)(n + y + x)));
        folder.Write("train-labels-idx1-ubyte", DataFiles.IdxLabels(3, 4));
        folder.Write("t10k-images-idx3-ubyte.gz", DataFiles.Gzip(DataFiles.IdxImages(1, 28, 28, (_, y, x) => (byte)(y * x))));
        folder.Write("t10k-labels-idx1-ubyte.gz", DataFiles.Gzip(DataFiles.IdxLabels(9)));

        using var split = FashionMnist.Load(folder.Root);

        Assert.Equal(new long[] { 2, 1, 28, 28 }, split.Train.InMemory().Images.shape);
        Assert.Equal(new long[] { 3, 4 }, split.Train.InMemory().Labels.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 1, 28, 28 }, split.Test.InMemory().Images.shape);
        using var testPixel = split.Test.InMemory().Images[0, 0, 27, 26];
        Assert.Equal(unchecked((byte)(27 * 26)), testPixel.item<byte>());
        Assert.Equal("fashion-mnist/train", split.Train.Name);
    }

    [Fact]
    public void Missing_file_names_the_full_path_and_the_expected_files()
    {
        using var folder = new TempFolder();
        var e = Assert.Throws<DataFormatException>(() => FashionMnist.Load(folder.Root));
        Assert.Contains(folder.PathOf("train-images-idx3-ubyte.gz"), e.Message);
        Assert.Contains("missing file", e.Message);
        Assert.Contains("Fashion-MNIST", e.Message);
    }

    [Fact]
    public void Wrong_magic_is_reported_with_expected_and_found()
    {
        using var folder = new TempFolder();
        var path = folder.Write("img.gz", DataFiles.Gzip(DataFiles.Idx(IdxReader.LabelsMagic, [3, 5, 4], new byte[56])));
        folder.Write("lab.gz", DataFiles.Gzip(DataFiles.IdxLabels(1, 2, 3)));
        var e = Assert.Throws<DataFormatException>(() => LoadSmall(folder));
        Assert.Contains(path, e.Message);
        Assert.Contains("expected magic 0x00000803 (IDX images), found 0x00000801", e.Message);
    }

    [Fact]
    public void Truncated_payload_is_reported()
    {
        using var folder = new TempFolder();
        var full = DataFiles.IdxImages(3, 5, 4, Pixel);
        var path = folder.Write("img.gz", DataFiles.Gzip(full[..^7]));
        folder.Write("lab.gz", DataFiles.Gzip(DataFiles.IdxLabels(1, 2, 3)));
        var e = Assert.Throws<DataFormatException>(() => LoadSmall(folder));
        Assert.Contains(path, e.Message);
        Assert.Contains("expected 60 bytes of payload (3 × 5 × 4 pixel bytes) after the header, found 53 (truncated)", e.Message);
    }

    [Fact]
    public void Truncated_gzip_stream_is_reported_with_the_path()
    {
        using var folder = new TempFolder();
        var gz = DataFiles.Gzip(DataFiles.IdxImages(3, 5, 4, Pixel));
        var path = folder.Write("img.gz", gz[..(gz.Length / 2)]);
        folder.Write("lab.gz", DataFiles.Gzip(DataFiles.IdxLabels(1, 2, 3)));
        var e = Assert.Throws<DataFormatException>(() => LoadSmall(folder));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("expected", e.Message);
    }

    [Fact]
    public void Not_a_gzip_file_is_reported_with_the_path()
    {
        using var folder = new TempFolder();
        var path = folder.Write("img.gz", DataFiles.IdxImages(3, 5, 4, Pixel));
        folder.Write("lab.gz", DataFiles.Gzip(DataFiles.IdxLabels(1, 2, 3)));
        var e = Assert.Throws<DataFormatException>(() => LoadSmall(folder));
        Assert.Contains(path, e.Message);
        Assert.Contains("gzip", e.Message);
    }

    [Fact]
    public void Label_out_of_range_is_reported()
    {
        using var folder = new TempFolder();
        folder.Write("img.gz", DataFiles.Gzip(DataFiles.IdxImages(3, 5, 4, Pixel)));
        var path = folder.Write("lab.gz", DataFiles.Gzip(DataFiles.IdxLabels(1, 12, 3)));
        var e = Assert.Throws<DataFormatException>(() => LoadSmall(folder));
        Assert.Contains(path, e.Message);
        Assert.Contains("expected labels in 0..9, found 12 at index 1", e.Message);
    }

    [Fact]
    public void Image_and_label_count_mismatch_is_reported()
    {
        using var folder = new TempFolder();
        var images = folder.Write("img.gz", DataFiles.Gzip(DataFiles.IdxImages(3, 5, 4, Pixel)));
        var labels = folder.Write("lab.gz", DataFiles.Gzip(DataFiles.IdxLabels(1, 2)));
        var e = Assert.Throws<DataFormatException>(() => LoadSmall(folder));
        Assert.Contains(labels, e.Message);
        Assert.Contains(images, e.Message);
        Assert.Contains("(3), found 2", e.Message);
    }

    [Fact]
    public void Wrong_image_size_is_reported()
    {
        using var folder = new TempFolder();
        var path = folder.Write("img.gz", DataFiles.Gzip(DataFiles.IdxImages(3, 6, 4, (_, _, _) => 0)));
        folder.Write("lab.gz", DataFiles.Gzip(DataFiles.IdxLabels(1, 2, 3)));
        var e = Assert.Throws<DataFormatException>(() => LoadSmall(folder));
        Assert.Contains(path, e.Message);
        Assert.Contains("expected 5×4 images, found 6×4", e.Message);
    }

    [Fact]
    public void Trailing_data_is_reported()
    {
        using var folder = new TempFolder();
        folder.Write("img.gz", DataFiles.Gzip(DataFiles.IdxImages(3, 5, 4, Pixel)));
        var path = folder.Write("lab.gz", DataFiles.Gzip([.. DataFiles.IdxLabels(1, 2, 3), 0]));
        var e = Assert.Throws<DataFormatException>(() => LoadSmall(folder));
        Assert.Contains(path, e.Message);
        Assert.Contains("expected 3 bytes of payload (3 label bytes) after the header, found 4 (trailing data)", e.Message);
    }
}
