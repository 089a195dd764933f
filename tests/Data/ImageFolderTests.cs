using IsdaDsl.Runtime.Data;
using IsdaDsl.Runtime.Settings;
using TorchSharp;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Data;

public class ImageFolderTests
{
    private static readonly torchvision.io.Imager Imager = new torchvision.io.SkiaImager(quality: 95);

    /// <summary>Writes a [channels, height, width] image with TorchVision's writer: PNG (lossless) or JPEG by extension.</summary>
    internal static void WriteImage(string path, int height, int width, Func<int, int, int, int> pixel, int channels = 3)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = new byte[channels * height * width];
        for (var c = 0; c < channels; c++)
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                    bytes[(c * height + y) * width + x] = (byte)pixel(c, y, x);
        using var image = tensor(bytes, [channels, height, width], ScalarType.Byte);
        var format = Path.GetExtension(path).Equals(".png", StringComparison.OrdinalIgnoreCase) ? torchvision.ImageFormat.Png : torchvision.ImageFormat.Jpeg;
        torchvision.io.write_image(image, path, format, Imager);
    }

    /// <summary>A tree with the given classes in train and val; image k of a class is a flat colour.</summary>
    private static void WriteTree(TempFolder folder, string[] trainClasses, string[] valClasses, int imagesPerClass = 2)
    {
        foreach (var (split, classes) in new[] { ("train", trainClasses), ("val", valClasses) })
            foreach (var (name, index) in classes.Select((n, i) => (n, i)))
                for (var k = 0; k < imagesPerClass; k++)
                    WriteImage(folder.PathOf(split, name, $"img{k}.JPEG"), 30 + 5 * k, 40, (c, _, _) => 40 * index + 20 * c + k);
    }

    private static float[][] Batches(BatchLoader loader, int epoch)
    {
        var result = new List<float[]>();
        foreach (var batch in loader.Epoch(epoch))
        {
            using (batch)
            {
                Assert.Equal(new long[] { batch.Count, 3, loader.Data.Height, loader.Data.Width }, batch.Images.shape);
                result.Add(batch.Images.data<float>().ToArray());
            }
        }
        return result.ToArray();
    }

    [Fact]
    public void Classes_are_the_sorted_folder_names_and_images_their_sorted_image_files()
    {
        using var folder = new TempFolder();
        string[] classes = ["zebra", "apple", "Apple", "9", "10"];
        WriteTree(folder, classes, classes, imagesPerClass: 1);
        WriteImage(folder.PathOf("train", "apple", "b.jpg"), 10, 10, (_, _, _) => 1);
        WriteImage(folder.PathOf("train", "apple", "sub", "a.png"), 10, 10, (_, _, _) => 1);
        File.WriteAllText(folder.PathOf("train", "apple", "notes.txt"), "not an image");

        using var split = DatasetCatalog.Load(new DataSettings("imagenet", folder.Root)).Split;
        var train = Assert.IsType<ImageFolderDataset>(split.Train);
        var val = Assert.IsType<ImageFolderDataset>(split.Test);

        // Ordinal order, as Python's sorted(): digits, upper case, lower case.
        Assert.Equal(["10", "9", "Apple", "apple", "zebra"], train.Classes);
        Assert.Equal(train.Classes, val.Classes);
        Assert.Equal(5, train.NumClasses);
        Assert.Equal(7, train.Count);
        Assert.Equal(5, val.Count);
        Assert.Equal([0, 1, 2, 3, 3, 3, 4], train.Labels);
        Assert.Equal(
            [Path.Combine("apple", "b.jpg"), Path.Combine("apple", "img0.JPEG"), Path.Combine("apple", "sub", "a.png")],
            train.Paths.Skip(3).Take(3).Select(p => Path.GetRelativePath(train.Folder, p)));
        Assert.Equal(("imagenet/train", "imagenet/val"), (train.Name, val.Name));
        Assert.Equal((3, 224, 224), (train.Channels, train.Height, train.Width));
    }

    [Fact]
    public void Training_batches_are_random_resized_crops_drawn_from_seed_epoch_and_batch()
    {
        using var folder = new TempFolder();
        WriteTree(folder, ["a", "b", "c"], ["a", "b", "c"], imagesPerClass: 3);
        // A textured image, so that crops and flips differ.
        WriteImage(folder.PathOf("train", "b", "texture.png"), 48, 64, (c, y, x) => (x * 7 + y * 13 + c * 50) % 256);
        using var split = ImageFolder.Load(folder.Root, size: 32);
        var options = AugmentationOptions.ImageNetStandard with { CutoutSize = 8 };

        var loader = new BatchLoader(split.Train, 4, shuffle: true, seed: 11, options);
        var first = Batches(loader, 0);
        Assert.Equal(3, first.Length);
        Assert.Equal(first, Batches(new BatchLoader(split.Train, 4, shuffle: true, seed: 11, options), 0));
        Assert.NotEqual(first, Batches(loader, 1));

        // Labels follow the loader's order; values are normalised grey levels (or the cutout's black).
        var order = loader.Order(0);
        var labels = new List<long>();
        foreach (var batch in loader.Epoch(0))
        {
            using (batch)
                labels.AddRange(batch.Labels.data<long>().ToArray());
        }
        Assert.Equal(order.Select(i => (long)((ImageFolderDataset)split.Train).Labels[i]), labels);
        for (var i = 0; i < first[0].Length; i++)
        {
            var c = i / (32 * 32) % 3;
            Assert.InRange(first[0][i], (0 - options.Mean[c]) / options.Std[c] - 1e-4f, (1 - options.Mean[c]) / options.Std[c] + 1e-4f);
        }
    }

    [Fact]
    public void Test_batches_resize_the_shorter_side_and_take_the_centre_crop()
    {
        using var folder = new TempFolder();
        // PNG keeps exact values. 8×12: the shorter side is already 8, so only the centre crop applies (columns 2..9).
        WriteImage(folder.PathOf("train", "only", "a.png"), 8, 12, (c, y, x) => 10 * y + x + 50 * c);
        // 16×24 halves to 8×12: a linear ramp stays linear, read at the new pixel centres 2x + ½, 2y + ½.
        WriteImage(folder.PathOf("val", "only", "b.png"), 16, 24, (c, y, x) => 4 * x + 8 * y + c);
        using var split = ImageFolder.Load(folder.Root, size: 8);
        var options = AugmentationOptions.None([0f, 0f, 0f], [1 / 255f, 1 / 255f, 1 / 255f]) with { ResizeShorterSide = 8 };

        var train = Batches(new BatchLoader(split.Train, 1, shuffle: false, seed: 0, options), 0)[0];
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < 8; y++)
                for (var x = 0; x < 8; x++)
                    Assert.Equal(10 * y + x + 2 + 50 * c, train[(c * 8 + y) * 8 + x], 1e-3f);

        var val = Batches(new BatchLoader(split.Test, 1, shuffle: false, seed: 0, options), 0)[0];
        for (var y = 1; y < 7; y++)
            for (var x = 0; x < 8; x++)
                Assert.Equal(4 * (2 * (x + 2) + 0.5f) + 8 * (2 * y + 0.5f) + 1, val[(8 + y) * 8 + x], 1e-3f);
    }

    [Fact]
    public void Jpegs_decode_to_rgb_and_grey_ones_to_three_equal_channels()
    {
        using var folder = new TempFolder();
        WriteImage(folder.PathOf("train", "colour", "a.jpg"), 24, 32, (c, _, _) => new[] { 200, 100, 50 }[c]);
        WriteImage(folder.PathOf("val", "colour", "g.jpg"), 24, 32, (_, _, _) => 90, channels: 1);
        using var split = ImageFolder.Load(folder.Root, size: 16);
        var options = AugmentationOptions.None([0f, 0f, 0f], [1 / 255f, 1 / 255f, 1 / 255f]) with { ResizeShorterSide = 16 };

        var colour = Batches(new BatchLoader(split.Train, 1, false, 0, options), 0)[0];
        var grey = Batches(new BatchLoader(split.Test, 1, false, 0, options), 0)[0];
        for (var c = 0; c < 3; c++)
        {
            // A flat colour survives JPEG within a few grey levels.
            Assert.All(colour.AsSpan(c * 256, 256).ToArray(), v => Assert.InRange(v, new[] { 200, 100, 50 }[c] - 3, new[] { 200, 100, 50 }[c] + 3));
            Assert.All(grey.AsSpan(c * 256, 256).ToArray(), v => Assert.InRange(v, 87, 93));
        }
    }

    [Fact]
    public void Random_resized_crop_windows_follow_torchvisions_ranges_and_fall_back_to_the_centre()
    {
        var random = new Random(1);
        for (var i = 0; i < 2000; i++)
        {
            var (top, left, h, w) = ImageFolderAugmenter.RandomResizedCropBox(random, 300, 400);
            Assert.InRange(top, 0, 300 - h);
            Assert.InRange(left, 0, 400 - w);
            Assert.InRange((double)h * w / (300 * 400), 0.079, 1.0);
            Assert.InRange((double)w / h, 0.74, 1.35);
        }
        // 10×1000: no window of ≥ 8 % of the area fits the height, so the centre crop with ratio 4/3: 10×13.
        Assert.Equal((0, 493, 10, 13), ImageFolderAugmenter.RandomResizedCropBox(new Random(2), 10, 1000));
        Assert.Equal((493, 0, 13, 10), ImageFolderAugmenter.RandomResizedCropBox(new Random(2), 1000, 10));
        Assert.Equal((256, 341), ImageFolderAugmenter.ShorterSideTo(256, 375, 500));
        Assert.Equal((341, 256), ImageFolderAugmenter.ShorterSideTo(256, 500, 375));
    }

    [Fact]
    public void Imagenet_in_the_catalog_serves_224_crops_with_its_standard_recipe()
    {
        using var folder = new TempFolder();
        WriteTree(folder, ["n01", "n02"], ["n01", "n02"], imagesPerClass: 1);

        var data = DatasetCatalog.Load(new DataSettings("imagenet", folder.Root, CutoutSize: 112));
        using (data.Split)
        {
            Assert.Equal(new Runtime.Models.InputShape(3, 224, 224), data.Split.Train.Shape);
            Assert.Equal(2, data.Split.Train.NumClasses);
            Assert.Equal(AugmentationOptions.ImageNetStandard with { CutoutSize = 112, Mean = data.TrainAugmentation.Mean, Std = data.TrainAugmentation.Std }, data.TrainAugmentation);
            Assert.Equal((false, false, 256, 0), (data.TestAugmentation.RandomResizedCrop, data.TestAugmentation.HorizontalFlip, data.TestAugmentation.ResizeShorterSide, data.TestAugmentation.CutoutSize));
            Assert.Single(Batches(new BatchLoader(data.Split.Train, 2, true, 0, data.TrainAugmentation), 0));
            Assert.Single(Batches(new BatchLoader(data.Split.Test, 2, false, 0, data.TestAugmentation), 0));
        }
        Assert.Contains("not to 'imagenet'",
            Assert.Throws<ArgumentException>(() => DatasetCatalog.Load(new DataSettings("imagenet", folder.Root, "autoaugment"))).Message);
    }

    [Fact]
    public void Missing_folders_are_named()
    {
        using var folder = new TempFolder();
        var missingRoot = folder.PathOf("nowhere");
        var error = Assert.Throws<DataFormatException>(() => ImageFolder.Load(missingRoot));
        Assert.Equal(missingRoot, error.Path);
        Assert.Contains("<root>/train/<class>/*.JPEG", error.Message);

        WriteImage(folder.PathOf("train", "a", "x.jpg"), 8, 8, (_, _, _) => 0);
        error = Assert.Throws<DataFormatException>(() => ImageFolder.Load(folder.Root));
        Assert.Equal(folder.PathOf("val"), error.Path);
        Assert.Contains("missing folder", error.Message);
    }

    [Fact]
    public void A_split_without_class_folders_or_a_class_without_images_is_rejected()
    {
        using var folder = new TempFolder();
        WriteImage(folder.PathOf("train", "a", "x.jpg"), 8, 8, (_, _, _) => 0);
        Directory.CreateDirectory(folder.PathOf("val"));
        File.WriteAllText(folder.PathOf("val", "stray.jpg"), "a file, not a class folder");
        var error = Assert.Throws<DataFormatException>(() => ImageFolder.Load(folder.Root));
        Assert.Equal(folder.PathOf("val"), error.Path);
        Assert.Contains("no class folder", error.Message);

        Directory.CreateDirectory(folder.PathOf("train", "b"));
        File.WriteAllText(folder.PathOf("train", "b", "readme.txt"), "no image here");
        Directory.CreateDirectory(folder.PathOf("train", "c"));
        error = Assert.Throws<DataFormatException>(() => ImageFolder.Load(folder.Root));
        Assert.Equal(folder.PathOf("train"), error.Path);
        Assert.Contains("no image (.jpg, .jpeg, .png, .bmp, .webp) in the class folders b, c", error.Message);
    }

    [Fact]
    public void Train_and_val_must_hold_the_same_classes()
    {
        using var folder = new TempFolder();
        WriteTree(folder, ["cat", "dog", "emu"], ["cat", "dog", "fox", "gnu"], imagesPerClass: 1);
        var error = Assert.Throws<DataFormatException>(() => ImageFolder.Load(folder.Root));
        Assert.Equal(folder.PathOf("val"), error.Path);
        Assert.Contains("(3 in train, 4 in val): only in train: emu; only in val: fox, gnu", error.Message);
    }

    [Fact]
    public void An_undecodable_file_is_named_when_its_batch_is_prepared()
    {
        using var folder = new TempFolder();
        WriteTree(folder, ["a"], ["a"], imagesPerClass: 1);
        var broken = folder.Write(Path.Combine("train", "a", "broken.jpg"), [1, 2, 3, 4]);
        using var split = ImageFolder.Load(folder.Root, size: 16);
        var loader = new BatchLoader(split.Train, 2, shuffle: false, seed: 0, AugmentationOptions.ImageNetStandard);
        var error = Assert.Throws<DataFormatException>(() => Batches(loader, 0));
        Assert.Equal(broken, error.Path);
        Assert.Contains("not a decodable image", error.Message);
    }

    [Fact]
    public void Options_that_cannot_apply_are_refused_on_both_kinds_of_data_set()
    {
        using var folder = new TempFolder();
        WriteTree(folder, ["a"], ["a"], imagesPerClass: 1);
        using var split = ImageFolder.Load(folder.Root, size: 16);
        string Refusal(AugmentationOptions options) => Assert.Throws<ArgumentException>(() => new BatchLoader(split.Train, 1, false, 0, options)).Message;

        var plain = AugmentationOptions.ImageNetStandard with { RandomResizedCrop = false, ResizeShorterSide = 0 };
        Assert.Contains("needs RandomResizedCrop or ResizeShorterSide", Refusal(plain));
        Assert.Contains("AutoAugment (the CIFAR policy) applies to the CIFAR data sets", Refusal(AugmentationOptions.ImageNetStandard with { AutoAugment = true }));
        Assert.Contains("exclude each other", Refusal(AugmentationOptions.ImageNetStandard with { Padding = 4, RandomCrop = true }));
        Assert.Contains("Padding and RandomCrop apply to fixed-size images", Refusal(plain with { RandomCrop = true }));
        Assert.Contains("ResizeShorterSide = 12 must be at least the served size (16×16)", Refusal(plain with { ResizeShorterSide = 12 }));

        using var memory = DataFiles.Dataset(2, 3, 8, 8, (_, _, _, _) => 0, _ => 0, 2);
        Assert.Contains("apply to image folders", Assert.Throws<ArgumentException>(() => new BatchLoader(memory, 1, false, 0, AugmentationOptions.ImageNetStandard with { ResizeShorterSide = 0 })).Message);
    }
}
