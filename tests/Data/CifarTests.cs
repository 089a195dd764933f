using IsdaDsl.Runtime.Data;

namespace IsdaDsl.Tests.Data;

public class CifarTests
{
    private static byte Pixel(int n, int c, int i) => (byte)(n * 31 + c * 7 + i);

    private static byte[] Cifar10File(params byte[] labels) =>
        DataFiles.CifarRecords(labels.Select(l => new[] { l }).ToArray(), Pixel);

    private static void WriteCifar10(TempFolder folder, string sub)
    {
        for (var i = 1; i <= 5; i++)
        {
            folder.Write(Path.Combine(sub, $"data_batch_{i}.bin"), Cifar10File((byte)i, (byte)(i + 4)));
        }
        folder.Write(Path.Combine(sub, "test_batch.bin"), Cifar10File(0));
    }

    [Theory]
    [InlineData("cifar-10-batches-bin")]
    [InlineData("")]
    public void Cifar10_reads_back_in_the_archive_folder_or_the_root(string sub)
    {
        using var folder = new TempFolder();
        WriteCifar10(folder, sub);

        using var split = Cifar.Load10(folder.Root);

        Assert.Equal(new long[] { 10, 3, 32, 32 }, split.Train.InMemory().Images.shape);
        Assert.Equal(new long[] { 1, 3, 32, 32 }, split.Test.InMemory().Images.shape);
        Assert.Equal(10, split.Train.NumClasses);
        Assert.Equal(new long[] { 1, 5, 2, 6, 3, 7, 4, 8, 5, 9 }, split.Train.InMemory().Labels.data<long>().ToArray());
        var pixels = split.Train.InMemory().Images.data<byte>().ToArray();
        for (var n = 0; n < 10; n++)
        {
            for (var c = 0; c < 3; c++)
            {
                for (var i = 0; i < 1024; i += 97)
                {
                    Assert.Equal(Pixel(n % 2, c, i), pixels[(n * 3 + c) * 1024 + i]);
                }
            }
        }
    }

    [Fact]
    public void Cifar100_uses_the_fine_label()
    {
        using var folder = new TempFolder();
        folder.Write("cifar-100-binary/train.bin", DataFiles.CifarRecords([[3, 99], [19, 42], [0, 0]], Pixel));
        folder.Write("cifar-100-binary/test.bin", DataFiles.CifarRecords([[7, 70]], Pixel));

        using var split = Cifar.Load100(folder.Root);

        Assert.Equal(100, split.Train.NumClasses);
        Assert.Equal(new long[] { 99, 42, 0 }, split.Train.InMemory().Labels.data<long>().ToArray());
        Assert.Equal(new long[] { 70 }, split.Test.InMemory().Labels.data<long>().ToArray());
        Assert.Equal(new long[] { 3, 3, 32, 32 }, split.Train.InMemory().Images.shape);
        using var pixel = split.Train.InMemory().Images[1, 2, 0, 5];
        Assert.Equal(Pixel(1, 2, 5), pixel.item<byte>());
    }

    [Fact]
    public void Empty_root_names_the_expected_binary_version()
    {
        using var folder = new TempFolder();
        var e = Assert.Throws<DataFormatException>(() => Cifar.Load10(folder.Root));
        Assert.Contains(folder.PathOf("cifar-10-batches-bin", "data_batch_1.bin"), e.Message);
        Assert.Contains("missing file", e.Message);
        Assert.Contains("expected the CIFAR-10 binary version", e.Message);
        var e100 = Assert.Throws<DataFormatException>(() => Cifar.Load100(folder.Root));
        Assert.Contains(folder.PathOf("cifar-100-binary", "train.bin"), e100.Message);
        Assert.Contains("expected the CIFAR-100 binary version", e100.Message);
    }

    [Fact]
    public void Missing_batch_file_is_named()
    {
        using var folder = new TempFolder();
        WriteCifar10(folder, "cifar-10-batches-bin");
        var path = folder.PathOf("cifar-10-batches-bin", "data_batch_3.bin");
        File.Delete(path);
        var e = Assert.Throws<DataFormatException>(() => Cifar.Load10(folder.Root));
        Assert.Contains(path, e.Message);
        Assert.Contains("missing file; expected the CIFAR-10 binary version", e.Message);
    }

    [Fact]
    public void Missing_test_file_is_named()
    {
        using var folder = new TempFolder();
        folder.Write("cifar-100-binary/train.bin", DataFiles.CifarRecords([[3, 99]], Pixel));
        var e = Assert.Throws<DataFormatException>(() => Cifar.Load100(folder.Root));
        Assert.Contains(folder.PathOf("cifar-100-binary", "test.bin"), e.Message);
        Assert.Contains("missing file", e.Message);
    }

    [Fact]
    public void Length_not_a_multiple_of_the_record_is_reported()
    {
        using var folder = new TempFolder();
        WriteCifar10(folder, "cifar-10-batches-bin");
        var path = folder.Write("cifar-10-batches-bin/data_batch_3.bin", new byte[30000]);
        var e = Assert.Throws<DataFormatException>(() => Cifar.Load10(folder.Root));
        Assert.Contains(path, e.Message);
        Assert.Contains("length 30000 is not a positive multiple of the 3073-byte record", e.Message);
    }

    [Fact]
    public void Truncated_cifar100_record_is_reported()
    {
        using var folder = new TempFolder();
        var path = folder.Write("cifar-100-binary/train.bin", DataFiles.CifarRecords([[3, 99], [1, 1]], Pixel)[..^1]);
        folder.Write("cifar-100-binary/test.bin", DataFiles.CifarRecords([[7, 70]], Pixel));
        var e = Assert.Throws<DataFormatException>(() => Cifar.Load100(folder.Root));
        Assert.Contains(path, e.Message);
        Assert.Contains("length 6147 is not a positive multiple of the 3074-byte record", e.Message);
    }

    [Fact]
    public void Label_out_of_range_is_reported()
    {
        using var folder = new TempFolder();
        WriteCifar10(folder, "cifar-10-batches-bin");
        var path = folder.Write("cifar-10-batches-bin/test_batch.bin", Cifar10File(3, 10));
        var e = Assert.Throws<DataFormatException>(() => Cifar.Load10(folder.Root));
        Assert.Contains(path, e.Message);
        Assert.Contains("expected labels in 0..9, found 10 in record 1", e.Message);
    }

    [Fact]
    public void Cifar100_label_out_of_range_is_reported()
    {
        using var folder = new TempFolder();
        var path = folder.Write("cifar-100-binary/train.bin", DataFiles.CifarRecords([[3, 100]], Pixel));
        folder.Write("cifar-100-binary/test.bin", DataFiles.CifarRecords([[7, 70]], Pixel));
        var e = Assert.Throws<DataFormatException>(() => Cifar.Load100(folder.Root));
        Assert.Contains(path, e.Message);
        Assert.Contains("expected labels in 0..99, found 100 in record 0", e.Message);
    }
}
