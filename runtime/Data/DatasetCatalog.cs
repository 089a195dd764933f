using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Runtime.Data;

/// <summary>The data sets a run can name, each with its reader and its standard augmentation.</summary>
public static class DatasetCatalog
{
    /// <summary>The known data set names.</summary>
    public static readonly IReadOnlyList<string> Names = ["fashion-mnist", "cifar10", "cifar100"];

    /// <summary>The known augmentation names.</summary>
    public static readonly IReadOnlyList<string> Augmentations = ["standard", "none"];

    /// <summary>Reads the data set named in <paramref name="settings"/> and pairs it with its augmentation.</summary>
    public static TrainingData Load(DataSettings settings)
    {
        if (settings.CutoutSize < 0)
            throw new ArgumentException($"cutout size must be ≥ 0 pixels, got {settings.CutoutSize}");
        var (split, standard) = settings.Name.ToLowerInvariant() switch
        {
            "fashion-mnist" => (FashionMnist.Load(settings.Root), AugmentationOptions.FashionMnistStandard),
            "cifar10" => (Cifar.Load10(settings.Root ?? "data/cifar10"), AugmentationOptions.CifarStandard),
            "cifar100" => (Cifar.Load100(settings.Root ?? "data/cifar100"), AugmentationOptions.CifarStandard),
            _ => throw new ArgumentException($"unknown data set '{settings.Name}'; known: {string.Join(", ", Names)}"),
        };
        var test = standard.ForTest();
        var train = settings.Augmentation.ToLowerInvariant() switch
        {
            "standard" => standard,
            "none" => test,
            _ => throw new ArgumentException($"unknown augmentation '{settings.Augmentation}'; known: {string.Join(", ", Augmentations)}"),
        };
        return new TrainingData(split, train with { CutoutSize = settings.CutoutSize }, test);
    }
}
