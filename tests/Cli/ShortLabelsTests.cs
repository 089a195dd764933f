using IsdaDsl.Experiments.Reports;

namespace IsdaDsl.Tests.Cli;

/// <summary>A figure's labels without their shared start, cut at a word boundary.</summary>
public sealed class ShortLabelsTests
{
    [Fact]
    public void The_shared_start_is_cut_after_its_last_dash()
    {
        var labels = ShortLabels.Of(["fashion-mnist-comparison-10pct-gan-wgan", "fashion-mnist-comparison-10pct-gan-wgan-gp", "fashion-mnist-comparison-10pct-basic"]);

        // The three share "fashion-mnist-comparison-10pct-"; the first two share "…-gan-wgan" too, which is not cut.
        Assert.Equal("fashion-mnist-comparison-10pct-", labels.Prefix);
        Assert.Equal(["gan-wgan", "gan-wgan-gp", "basic"], labels.Labels);
    }

    [Fact]
    public void A_shared_start_inside_a_word_is_kept()
    {
        var labels = ShortLabels.Of(["cifar10-resnet32-isda", "cifar100-resnet32-isda"]);

        Assert.Equal("", labels.Prefix);
        Assert.Equal(["cifar10-resnet32-isda", "cifar100-resnet32-isda"], labels.Labels);
    }

    [Fact]
    public void A_single_label_is_kept_whole()
    {
        var labels = ShortLabels.Of(["fashion-mnist-comparison-basic"]);

        Assert.Equal("", labels.Prefix);
        Assert.Equal(["fashion-mnist-comparison-basic"], labels.Labels);
    }
}
