using IsdaDsl.Runtime.Data;

namespace IsdaDsl.Tests.Data;

/// <summary>The real Fashion-MNIST that setup installs under <see cref="FashionMnist.DefaultRoot"/>.</summary>
public class FashionMnistTests
{
    [Fact]
    public void Real_fashion_mnist_loads_with_balanced_labels()
    {
        using var split = FashionMnist.Load();

        Assert.Equal(new long[] { 60000, 1, 28, 28 }, split.Train.InMemory().Images.shape);
        Assert.Equal(new long[] { 10000, 1, 28, 28 }, split.Test.InMemory().Images.shape);
        Assert.Equal(10, split.Train.NumClasses);
        // Fashion-MNIST is balanced: 6000 / 1000 images per class.
        Assert.All(Histogram(split.Train.InMemory()), n => Assert.Equal(6000, n));
        Assert.All(Histogram(split.Test.InMemory()), n => Assert.Equal(1000, n));
        using var max = split.Train.InMemory().Images.max();
        Assert.Equal(255, max.item<byte>());
    }

    private static int[] Histogram(ImageDataset data)
    {
        var counts = new int[10];
        foreach (var label in data.Labels.data<long>())
        {
            counts[label]++;
        }
        return counts;
    }
}
