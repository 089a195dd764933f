using IsdaDsl.Runtime.Data;
using IsdaDsl.Runtime.Settings;

namespace IsdaDsl.Tests.Data;

public class DatasetCatalogTests
{
    [Fact]
    public void Unknown_data_sets_and_augmentations_list_the_known_ones()
    {
        Assert.Contains("known: fashion-mnist, cifar10, cifar100, imagenet",
            Assert.Throws<ArgumentException>(() => DatasetCatalog.Load(new DataSettings("mnist"))).Message);
        Assert.Contains("known: standard, none, autoaugment",
            Assert.Throws<ArgumentException>(() => DatasetCatalog.Load(new DataSettings("fashion-mnist", Augmentation: "randaugment"))).Message);
    }

    [Fact]
    public void AutoAugment_is_the_cifar_policy_and_refused_elsewhere()
    {
        Assert.Contains("applies to cifar10 and cifar100, not to 'fashion-mnist'",
            Assert.Throws<ArgumentException>(() => DatasetCatalog.Load(new DataSettings("fashion-mnist", Augmentation: "autoaugment"))).Message);
    }

    [Fact]
    public void Cifar_with_autoaugment_adds_the_policy_to_the_standard_recipe_and_keeps_the_test_side_plain()
    {
        using var folder = new TempFolder();
        var file = DataFiles.CifarRecords([[3], [7]], (n, c, i) => (byte)(n + c + i));
        for (var i = 1; i <= 5; i++)
            folder.Write($"data_batch_{i}.bin", file);
        folder.Write("test_batch.bin", file);

        var data = DatasetCatalog.Load(new DataSettings("cifar10", folder.Root, "autoaugment", 16));
        using (data.Split)
        {
            Assert.Equal(AugmentationOptions.CifarStandard with { AutoAugment = true, CutoutSize = 16, Mean = data.TrainAugmentation.Mean, Std = data.TrainAugmentation.Std },
                data.TrainAugmentation);
            Assert.False(data.TestAugmentation.AutoAugment);
            Assert.Equal(0, data.TestAugmentation.CutoutSize);
        }
    }

    [Fact]
    public void A_missing_cifar_folder_names_the_path()
    {
        using var temp = new TemporaryDirectory();
        var error = Assert.Throws<DataFormatException>(() => DatasetCatalog.Load(new DataSettings("cifar10", temp.Path)));
        Assert.Contains(temp.Path, error.Message);
    }

    [Fact]
    public void Fashion_mnist_comes_with_its_standard_augmentation_and_cutout_on_request()
    {
        var data = DatasetCatalog.Load(new DataSettings("fashion-mnist", CutoutSize: 8));
        using (data.Split)
        {
            Assert.Equal(AugmentationOptions.FashionMnistStandard with { CutoutSize = 8, Mean = data.TrainAugmentation.Mean, Std = data.TrainAugmentation.Std }, data.TrainAugmentation);
            Assert.Equal(0, data.TestAugmentation.Padding);
            Assert.False(data.TestAugmentation.HorizontalFlip);
            Assert.Equal(0, data.TestAugmentation.CutoutSize);
            Assert.Equal(data.TrainAugmentation.Mean, data.TestAugmentation.Mean);
        }
    }
}
