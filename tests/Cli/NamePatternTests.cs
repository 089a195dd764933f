using IsdaDsl.Experiments.Specs;

namespace IsdaDsl.Tests.Cli;

public sealed class NamePatternTests
{
    private static readonly string[] Names = ["cifar10-resnet32-basic", "cifar10-resnet32-isda", "cifar100-resnet32-isda", "fashion-mnist-resnet8-isda"];

    [Theory]
    [InlineData("*", "cifar10-resnet32-basic,cifar10-resnet32-isda,cifar100-resnet32-isda,fashion-mnist-resnet8-isda")]
    [InlineData("cifar10-*", "cifar10-resnet32-basic,cifar10-resnet32-isda")]
    [InlineData("*-isda", "cifar10-resnet32-isda,cifar100-resnet32-isda,fashion-mnist-resnet8-isda")]
    [InlineData("cifar10?-*", "cifar100-resnet32-isda")]
    [InlineData("cifar10-resnet32-isda", "cifar10-resnet32-isda")]
    [InlineData("cifar10", "")]
    [InlineData("resnet32.*", "")]
    public void Globs_match_whole_names(string pattern, string expected)
    {
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), NamePattern.Match(pattern, Names));
    }
}
