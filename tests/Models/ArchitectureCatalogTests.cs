using IsdaDsl.Runtime.Models;

namespace IsdaDsl.Tests.Models;

public class ArchitectureCatalogTests
{
    [Fact]
    public void Every_network_of_the_paper_is_registered_under_its_schema_name()
    {
        Assert.Equal(
            ["densenet-bc", "imagenet-resnet", "imagenet-resnext", "pyramidnet", "resnet", "resnext", "se-resnet", "shake-shake", "wide-resnet"],
            ArchitectureCatalog.Names);
    }

    [Theory]
    [InlineData("se-resnet", "depth=8")]
    [InlineData("wide-resnet", "depth=10;widen_factor=1")]
    [InlineData("resnext", "depth=11;cardinality=2;base_width=4")]
    [InlineData("densenet-bc", "depth=10;growth_rate=2")]
    [InlineData("shake-shake", "depth=8;base_width=2")]
    [InlineData("pyramidnet", "depth=11;alpha=0")]
    [InlineData("imagenet-resnet", "depth=18")]
    [InlineData("imagenet-resnext", "variant=50-32x4d")]
    public void An_unknown_parameter_is_rejected_by_name(string name, string smallConfiguration)
    {
        var values = smallConfiguration.Split(';').Select(p => p.Split('=')).Select(p => (p[0], p[1])).Append(("depht", "8")).ToArray();
        var error = Assert.Throws<ArgumentException>(() => NetworkChecks.FromCatalog(name, new InputShape(3, 32, 32), 10, values));
        Assert.Contains("depht", error.Message);
    }
}
