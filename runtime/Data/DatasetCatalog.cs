using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Settings;
using IsdaDsl.Spec;

namespace IsdaDsl.Runtime.Data;

/// <summary>The data sets a run can name, each with its reader and its standard augmentation.</summary>
public static class DatasetCatalog
{
    /// <summary>The known data set names, as the DSL declares them.</summary>
    public static IReadOnlyList<string> Names => SpecSchema.DatasetNames;

    /// <summary>The known augmentation names, as the DSL declares them.</summary>
    public static IReadOnlyList<string> Augmentations => SpecSchema.Augmentations;

    /// <summary>The data sets that take <c>autoaugment</c> (its policy is the CIFAR one).</summary>
    public static IReadOnlyList<string> AutoAugmentDataSets { get; } = SpecSchema.Datasets.Where(d => d.TakesAutoAugment).Select(d => d.Name).ToList();

    /// <summary>
    /// Checks <paramref name="settings"/> before any file is read: a known data set and augmentation, the CIFAR policy
    /// only on CIFAR, a cutout hole no larger than the images, a training fraction in (0, 1].
    /// </summary>
    public static void Validate(DataSettings settings)
    {
        Ranged.Check("data.cutout", settings.CutoutSize, SpecSchema.CutoutRange);
        Ranged.Check("data.train_fraction", settings.TrainFraction, SpecSchema.TrainFractionRange);
        if (SpecSchema.Datasets.FirstOrDefault(d => d.Name == settings.Name) is not { } dataset)
            throw new ArgumentException($"unknown data set '{settings.Name}'; known: {string.Join(", ", Names)}");
        if (!Augmentations.Contains(settings.Augmentation))
            throw new ArgumentException($"unknown augmentation '{settings.Augmentation}'; known: {string.Join(", ", Augmentations)}");
        if (settings.Augmentation == "autoaugment" && !dataset.TakesAutoAugment)
            throw new ArgumentException($"augmentation 'autoaugment' (the CIFAR AutoAugment policy) applies to {string.Join(" and ", AutoAugmentDataSets)}, not to '{settings.Name}'");
        if (settings.CutoutSize > dataset.ImageSize)
            throw new ArgumentException($"data.cutout must be ≤ {dataset.ImageSize} pixels (the image size of {dataset.Name}), got {settings.CutoutSize}");
    }

    /// <summary>
    /// Reads the data set named in <paramref name="settings"/> and pairs it with its augmentation. The names are
    /// checked before any file is read.
    /// </summary>
    public static TrainingData Load(DataSettings settings)
    {
        Validate(settings);
        var name = settings.Name;
        var augmentation = settings.Augmentation;

        var (split, standard) = name switch
        {
            "fashion-mnist" => (FashionMnist.Load(settings.Root), AugmentationOptions.FashionMnistStandard),
            "cifar10" => (Cifar.Load10(settings.Root ?? "data/cifar10"), AugmentationOptions.CifarStandard),
            "cifar100" => (Cifar.Load100(settings.Root ?? "data/cifar100"), AugmentationOptions.CifarStandard),
            // One folder per class of JPEGs under root/train and root/val, decoded batch by batch (docs/method.md §6.3).
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
