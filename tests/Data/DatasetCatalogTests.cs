using IsdaDsl.Runtime.Data;
using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Tests.Data;

public class DatasetCatalogTests
{
    [Fact]
    public void Unknown_data_sets_and_augmentations_list_the_known_ones()
    {
        Assert.Contains("known: fashion-mnist, cifar10, cifar100",
            Assert.Throws<ArgumentException>(() => DatasetCatalog.Load(new DataSettings("mnist"))).Message);
        Assert.Contains("known: standard, none",
            Assert.Throws<ArgumentException>(() => DatasetCatalog.Load(new DataSettings("fashion-mnist", Augmentation: "autoaugment"))).Message);
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
