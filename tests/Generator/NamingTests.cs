using IsdaDsl.Spec;

namespace IsdaDsl.Tests.Generator;

public sealed class NamingTests
{
    [Theory]
    [InlineData("fashion-mnist-resnet8-isda", "FashionMnistResnet8Isda")]
    [InlineData("wrn-28-10", "Wrn28_10")]
    [InlineData("wrn-2-810", "Wrn2_810")]
    [InlineData("resnext29-8x64d", "Resnext29_8x64d")]
    [InlineData("shake-shake26-2x112d", "ShakeShake26_2x112d")]
    [InlineData("cifar10", "Cifar10")]
    [InlineData("10-crop", "Experiment10Crop")]
    [InlineData("--", "Experiment")]
    public void Names_become_identifiers_that_keep_numbers_apart(string name, string identifier) =>
        Assert.Equal(identifier, Naming.ToPascalCase(name));
}
