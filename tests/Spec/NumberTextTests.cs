using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Spec;

namespace IsdaDsl.Tests.Spec;

/// <summary>A number written as a fraction (ratio: 1/6) reads as its value in a spec and in the runtime's parameters alike.</summary>
public sealed class NumberTextTests
{
    [Theory]
    [InlineData("1/6", 1.0 / 6)]
    [InlineData(" 1 / 4 ", 0.25)]
    [InlineData("-3/2", -1.5)]
    [InlineData("1e-1/2", 0.05)]
    [InlineData("0.5", 0.5)]
    [InlineData("5e-4", 5e-4)]
    public void Fractions_and_decimals_read_as_their_value(string text, double expected)
    {
        Assert.True(NumberText.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1/0")]
    [InlineData("0/0")]
    [InlineData("1/2/3")]
    [InlineData("a/6")]
    [InlineData("/6")]
    [InlineData("1/")]
    [InlineData("NaN")]
    [InlineData("1e400")]
    [InlineData("")]
    public void Anything_else_is_not_a_number(string text) => Assert.False(NumberText.TryParse(text, out _));

    [Fact]
    public void The_build_and_the_runtime_read_a_fraction_alike()
    {
        var read = SpecReader.Read("method: { name: gan-augmentation, generator: some-gan, ratio: 1/4 }\n", "spec.yaml");
        Assert.Empty(read.Problems);
        Assert.Equal("0.25", Assert.Single(read.Experiments).Method.Parameters.Single(p => p.Key == "ratio").Text);
        Assert.Equal(0.25, Parameters.ForMethod("gan-augmentation", new Dictionary<string, string> { ["generator"] = "some-gan", ["ratio"] = "1/4" }).GetDouble("ratio"));

        var outside = SpecReader.Read("method: { name: gan-augmentation, generator: some-gan, ratio: 6/6 }\n", "spec.yaml");
        Assert.Equal("method.ratio must lie in (0, 1), got 6/6", Assert.Single(outside.Problems).Message);
        var error = Assert.Throws<ArgumentException>(() => Parameters.ForMethod("gan-augmentation", new Dictionary<string, string> { ["generator"] = "some-gan", ["ratio"] = "6/6" }));
        Assert.Contains("ratio must lie in (0, 1), got 6/6", error.Message);
    }
}
