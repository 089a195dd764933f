namespace IsdaDsl.Runtime.Data;

/// <summary>
/// A folder of image files, one sub-folder per class (see <see cref="ImageFolder"/>). Only the paths and labels are
/// held in memory; each batch decodes its own files, so a data set of any size can be served. Images are served as
/// RGB <see cref="Size"/>×<see cref="Size"/> crops, which the augmentation's RandomResizedCrop (training) or
/// ResizeShorterSide and centre crop (test) produce.
/// </summary>
public sealed class ImageFolderDataset : ImageSource
{
    private readonly string[] _paths;
    private readonly int[] _labels;

    internal ImageFolderDataset(string name, string folder, IReadOnlyList<string> classes, string[] paths, int[] labels, int size)
    {
        Name = name;
        Folder = folder;
        Classes = classes;
        _paths = paths;
        _labels = labels;
        Size = size;
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <summary>The folder scanned (its sub-folders are the classes).</summary>
    public string Folder { get; }

    /// <summary>The class names, in label order (sorted folder names).</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The image files, in sample order.</summary>
    public IReadOnlyList<string> Paths => _paths;

    /// <summary>The label of each image, in sample order.</summary>
    public IReadOnlyList<int> Labels => _labels;

    /// <summary>Side in pixels of the served square crops.</summary>
    public int Size { get; }

    /// <inheritdoc/>
    public override int Count => _paths.Length;

    /// <inheritdoc/>
    public override int NumClasses => Classes.Count;

    /// <inheritdoc/>
    public override int Channels => 3;

    /// <inheritdoc/>
    public override int Height => Size;

    /// <inheritdoc/>
    public override int Width => Size;

    /// <inheritdoc/>
    internal override IReadOnlyList<int> ClassLabels() => _labels;

    /// <inheritdoc/>
    internal override ImageSource Select(int[] indices) =>
        new ImageFolderDataset(Name, Folder, Classes, [.. indices.Select(i => _paths[i])], [.. indices.Select(i => _labels[i])], Size);

    /// <inheritdoc/>
    internal override IBatchPreparer CreatePreparer(AugmentationOptions options) => new ImageFolderAugmenter(this, options);

    /// <summary>Holds no native memory: nothing to free.</summary>
    public override void Dispose()
    {
    }
}
