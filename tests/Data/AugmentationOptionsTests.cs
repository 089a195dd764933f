using IsdaDsl.Runtime.Data;

namespace IsdaDsl.Tests.Data;

public class AugmentationOptionsTests
{
    [Fact]
    public void Presets_follow_the_published_recipes()
    {
        var cifar = AugmentationOptions.CifarStandard;
        Assert.Equal((4, PaddingMode.Reflect, true, true, 0), (cifar.Padding, cifar.PaddingMode, cifar.RandomCrop, cifar.HorizontalFlip, cifar.CutoutSize));
        Assert.Equal(125.3f / 255f, cifar.Mean[0]);
        Assert.Equal(66.7f / 255f, cifar.Std[2]);
        cifar.Validate(3, 32, 32);

        var fashion = AugmentationOptions.FashionMnistStandard;
        Assert.Equal((2, PaddingMode.Zero, false, 0.2860f, 0.3530f), (fashion.Padding, fashion.PaddingMode, fashion.HorizontalFlip, fashion.Mean[0], fashion.Std[0]));
        fashion.Validate(1, 28, 28);

        var test = cifar.ForTest();
        Assert.Equal((0, false, false, 0), (test.Padding, test.RandomCrop, test.HorizontalFlip, test.CutoutSize));
        Assert.Same(cifar.Mean, test.Mean);

        // ImageNet (torchvision's reference recipe): random-resized crop and flip; at test time resize 256, centre crop.
        var imagenet = AugmentationOptions.ImageNetStandard;
        Assert.Equal((true, true, 256, 0, false), (imagenet.RandomResizedCrop, imagenet.HorizontalFlip, imagenet.ResizeShorterSide, imagenet.Padding, imagenet.RandomCrop));
        Assert.Equal([0.485f, 0.456f, 0.406f], imagenet.Mean);
        Assert.Equal([0.229f, 0.224f, 0.225f], imagenet.Std);
        imagenet.Validate(3, 224, 224);
        var imagenetTest = imagenet.ForTest();
        Assert.Equal((false, false, 256), (imagenetTest.RandomResizedCrop, imagenetTest.HorizontalFlip, imagenetTest.ResizeShorterSide));
    }

    [Theory]
    [InlineData(1, "one per channel (1)")]
    [InlineData(3, null)]
    public void Channel_count_must_match(int channels, string? message)
    {
        var options = AugmentationOptions.CifarStandard;
        if (message is null)
        {
            options.Validate(channels, 32, 32);
            return;
        }
        var e = Assert.Throws<ArgumentException>(() => options.Validate(channels, 32, 32));
        Assert.Contains(message, e.Message);
    }

    public static TheoryData<AugmentationOptions, string> Invalid => new()
    {
        { AugmentationOptions.None([0.5f], [0f]), "Std[0] = 0 must be finite and > 0" },
        { AugmentationOptions.None([0.5f], [-1f]), "Std[0] = -1 must be finite and > 0" },
        { AugmentationOptions.None([float.NaN], [1f]), "Mean[0] = NaN must be finite" },
        { AugmentationOptions.None([0.5f], [1f]) with { Padding = -1 }, "Padding = -1 must be ≥ 0" },
        { AugmentationOptions.None([0.5f], [1f]) with { CutoutSize = -3 }, "CutoutSize = -3 must be ≥ 0" },
        { AugmentationOptions.None([0.5f], [1f]) with { Padding = 2 }, "needs RandomCrop" },
        { AugmentationOptions.FashionMnistStandard with { Padding = 28, PaddingMode = PaddingMode.Reflect }, "reflect Padding = 28 must be smaller than the image (28×28)" },
        { AugmentationOptions.None([0.5f], [1f]) with { ResizeShorterSide = -1 }, "ResizeShorterSide = -1 must be ≥ 0" },
        { AugmentationOptions.None([0.5f], [1f]) with { ResizeShorterSide = 20 }, "ResizeShorterSide = 20 must be at least the served size (28×28)" },
        { AugmentationOptions.None([0.5f], [1f]) with { AutoAugment = true }, "AutoAugment needs RGB images (3 channels), got 1" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_options_are_rejected_with_a_clear_message(AugmentationOptions options, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => options.Validate(1, 28, 28));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Seeds_are_mixed_deterministically_and_apart()
    {
        Assert.Equal(DeterministicSeed.Mix(1, 2, 3), DeterministicSeed.Mix(1, 2, 3));
        var seeds = new HashSet<int>();
        for (var epoch = 0; epoch < 20; epoch++)
        {
            for (var stream = -1; stream < 20; stream++)
            {
                seeds.Add(DeterministicSeed.Mix(7, epoch, stream));
            }
        }
        Assert.Equal(20 * 21, seeds.Count);
    }
}
