using IsdaDsl.Runtime.Settings;

namespace IsdaDsl.Runtime.Data;

/// <summary>The data sets a run can name, each with its reader and its standard augmentation.</summary>
public static class DatasetCatalog
{
    /// <summary>The known data set names.</summary>
    public static readonly IReadOnlyList<string> Names = ["fashion-mnist", "cifar10", "cifar100", "imagenet"];

    /// <summary>The known augmentation names.</summary>
    public static readonly IReadOnlyList<string> Augmentations = ["standard", "none", "autoaugment"];

    /// <summary>The data sets that take <c>autoaugment</c> (its policy is the CIFAR one).</summary>
    public static readonly IReadOnlyList<string> AutoAugmentDataSets = ["cifar10", "cifar100"];

    /// <summary>
    /// Reads the data set named in <paramref name="settings"/> and pairs it with its augmentation. The names are
    /// checked before any file is read.
    /// </summary>
    public static TrainingData Load(DataSettings settings)
    {
        if (settings.CutoutSize < 0)
            throw new ArgumentException($"cutout size must be ≥ 0 pixels, got {settings.CutoutSize}");
        var name = settings.Name.ToLowerInvariant();
        if (!Names.Contains(name))
            throw new ArgumentException($"unknown data set '{settings.Name}'; known: {string.Join(", ", Names)}");
        var augmentation = settings.Augmentation.ToLowerInvariant();
        if (!Augmentations.Contains(augmentation))
            throw new ArgumentException($"unknown augmentation '{settings.Augmentation}'; known: {string.Join(", ", Augmentations)}");
        if (augmentation == "autoaugment" && !AutoAugmentDataSets.Contains(name))
            throw new ArgumentException($"augmentation 'autoaugment' (the CIFAR AutoAugment policy) applies to {string.Join(" and ", AutoAugmentDataSets)}, not to '{settings.Name}'");

        var (split, standard) = name switch
        {
            "fashion-mnist" => (FashionMnist.Load(settings.Root), AugmentationOptions.FashionMnistStandard),
            "cifar10" => (Cifar.Load10(settings.Root ?? "data/cifar10"), AugmentationOptions.CifarStandard),
            "cifar100" => (Cifar.Load100(settings.Root ?? "data/cifar100"), AugmentationOptions.CifarStandard),
            // One folder per class of JPEGs under root/train and root/val, decoded batch by batch (SPEC §5).
            _ => (ImageFolder.Load(settings.Root ?? "data/imagenet"), AugmentationOptions.ImageNetStandard),
        };
        var test = standard.ForTest();
        var train = augmentation switch
        {
            "standard" => standard,
            "none" => test,
            // As the ISDA CIFAR script's --autoaugment: the standard crop and flip, then the CIFAR policy.
            _ => standard with { AutoAugment = true },
        };
        return new TrainingData(split, train with { CutoutSize = settings.CutoutSize }, test);
    }
}
