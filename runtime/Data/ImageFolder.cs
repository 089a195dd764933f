namespace IsdaDsl.Runtime.Data;

/// <summary>
/// ImageNet laid out as torchvision's ImageFolder expects it (docs/method.md §6.3):
/// <c>root/train/&lt;class&gt;/*.JPEG</c> and <c>root/val/&lt;class&gt;/*.JPEG</c>, one folder per class. Class
/// indices follow the folder names in ordinal (code-point) order, as Python's <c>sorted</c>; the images of a class
/// are its files with an image extension, in sub-folders too, in ordinal order of their paths. Only the paths are
/// read here: images are decoded batch by batch (<see cref="ImageFolderDataset"/>).
/// </summary>
public static class ImageFolder
{
    /// <summary>The file extensions taken as images (any case); those of torchvision's list that SkiaSharp decodes.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".jpg", ".jpeg", ".png", ".bmp", ".webp"];

    private const string Layout = "an ImageFolder tree: <root>/train/<class>/*.JPEG and <root>/val/<class>/*.JPEG, one folder per class";

    /// <summary>
    /// Scans <paramref name="root"/>/train and <paramref name="root"/>/val. Both are served as
    /// <paramref name="size"/>×<paramref name="size"/> RGB images; <paramref name="name"/> prefixes the data sets' names.
    /// </summary>
    /// <exception cref="DataFormatException">
    /// A folder is missing, holds no class folder, a class folder holds no image, or the class folders of train and
    /// val differ.
    /// </exception>
    public static DataSplit Load(string root, string name = "imagenet", int size = 224)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root))
        {
            throw new DataFormatException(root, $"missing folder; expected {Layout}");
        }
        var (trainFolder, valFolder) = (Path.Combine(root, "train"), Path.Combine(root, "val"));
        var train = Scan(trainFolder);
        var val = Scan(valFolder);
        if (!train.Classes.SequenceEqual(val.Classes, StringComparer.Ordinal))
        {
            var onlyTrain = train.Classes.Except(val.Classes, StringComparer.Ordinal).ToList();
            var onlyVal = val.Classes.Except(train.Classes, StringComparer.Ordinal).ToList();
            throw new DataFormatException(valFolder,
                $"its class folders differ from those of {trainFolder} ({train.Classes.Length} in train, {val.Classes.Length} in val): " +
                $"only in train: {Names(onlyTrain)}; only in val: {Names(onlyVal)}. Both must hold the same classes, or the labels would not match.");
        }
        return new DataSplit(
            new ImageFolderDataset($"{name}/train", trainFolder, train.Classes, train.Paths, train.Labels, size),
            new ImageFolderDataset($"{name}/val", valFolder, val.Classes, val.Paths, val.Labels, size));
    }

    /// <summary>The classes (sorted folder names) of <paramref name="folder"/> and its images with their labels.</summary>
    internal static (string[] Classes, string[] Paths, int[] Labels) Scan(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DataFormatException(folder, $"missing folder; expected {Layout}");
        }
        var classes = Directory.GetDirectories(folder).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToArray();
        if (classes.Length == 0)
        {
            throw new DataFormatException(folder, $"no class folder in it; expected {Layout}");
        }
        var paths = new List<string>();
        var labels = new List<int>();
        var empty = new List<string>();
        for (var label = 0; label < classes.Length; label++)
        {
            var images = Directory.EnumerateFiles(Path.Combine(folder, classes[label]), "*", SearchOption.AllDirectories)
                .Where(IsImage)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (images.Count == 0)
            {
                empty.Add(classes[label]);
            }
            paths.AddRange(images);
            labels.AddRange(Enumerable.Repeat(label, images.Count));
        }
        if (empty.Count > 0)
        {
            throw new DataFormatException(folder,
                $"no image ({string.Join(", ", Extensions)}) in the class folder{(empty.Count > 1 ? "s" : "")} {Names(empty)}; every class needs at least one");
        }
        return (classes, paths.ToArray(), labels.ToArray());
    }

    private static bool IsImage(string path) => Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>At most ten names, then how many more.</summary>
    private static string Names(IReadOnlyCollection<string> names) =>
        names.Count == 0 ? "none" : string.Join(", ", names.Take(10)) + (names.Count > 10 ? $" and {names.Count - 10} more" : "");
}
