using IsdaDsl.Runtime.Data;
using IsdaDsl.Runtime.Settings;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Training;

/// <summary>
/// A tiny learnable data set: each class lights up its own band of rows of a 1×size×size image (8×8 unless told), plus
/// noise (bands, so that horizontal flips and one-pixel crops keep the class).
/// </summary>
internal static class SyntheticData
{
    public static TrainingData Create(int trainCount = 64, int testCount = 32, int classes = 4, int seed = 7, int size = 8)
    {
        var augmentation = AugmentationOptions.None([0.5f], [0.25f]);
        return new TrainingData(new DataSplit(Make("synthetic/train", trainCount, classes, seed, size), Make("synthetic/test", testCount, classes, seed + 1, size)),
            augmentation with { Padding = 1, RandomCrop = true, HorizontalFlip = true }, augmentation);
    }

    private static ImageDataset Make(string name, int count, int classes, int seed, int size)
    {
        var rng = new Random(seed);
        var area = size * size;
        var pixels = new byte[count * area];
        var labels = new long[count];
        for (var i = 0; i < count; i++)
        {
            var label = i % classes;
            labels[i] = label;
            for (var p = 0; p < area; p++)
            {
                var inBand = p / size / (size / classes) == label;
                pixels[i * area + p] = (byte)((inBand ? 180 : 40) + rng.Next(40));
            }
        }
        return new ImageDataset(name, tensor(pixels, [count, 1, size, size], ScalarType.Byte), tensor(labels, ScalarType.Int64), classes);
    }

    public static TrainingSettings Settings(string method = "isda", int epochs = 2) => new()
    {
        Name = "synthetic",
        Data = new DataSettings("synthetic"),
        Model = new ComponentSettings("resnet", new Dictionary<string, string> { ["depth"] = "8", ["width"] = "4" }),
        Method = method == "isda" ? new ComponentSettings("isda", new Dictionary<string, string> { ["lambda0"] = "0.5" }) : new ComponentSettings(method),
        Optimizer = new OptimizerSettings(LearningRate: 0.05),
        Schedule = ScheduleSettings.Cosine(),
        Epochs = epochs,
        BatchSize = 16,
        Seed = 3,
    };
}
