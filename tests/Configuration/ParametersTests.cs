using IsdaDsl.Runtime.Configuration;

namespace IsdaDsl.Tests.Configuration;

public class ParametersTests
{
    private static Parameters Of(params (string Key, string Value)[] values) =>
        new("architecture resnet", values.ToDictionary(v => v.Key, v => v.Value));

    [Fact]
    public void Typed_getters_read_values_and_fall_back_to_defaults()
    {
        var p = Of(("depth", "110"), ("lambda0", "0.25"), ("covariance", "Diagonal"));
        Assert.Equal(110, p.GetInt("depth", 32));
        Assert.Equal(16, p.GetInt("width", 16));
        Assert.Equal(0.25, p.GetDouble("lambda0", 0.5));
        Assert.Equal("diagonal", p.GetChoice("covariance", "full", "full", "diagonal"));
        p.EnsureAllUsed();
    }

    [Fact]
    public void Malformed_values_name_the_parameter_and_what_is_expected()
    {
        var error = Assert.Throws<ArgumentException>(() => Of(("depth", "deep")).GetInt("depth", 32));
        Assert.Contains("architecture resnet", error.Message);
        Assert.Contains("'depth' = 'deep' is not an integer", error.Message);
        Assert.Throws<ArgumentException>(() => Of(("lambda0", "NaN")).GetDouble("lambda0", 0.5));
        var choice = Assert.Throws<ArgumentException>(() => Of(("covariance", "low-rank")).GetChoice("covariance", "full", "full", "diagonal"));
        Assert.Contains("one of full, diagonal", choice.Message);
    }

    [Fact]
    public void Unknown_keys_are_reported_with_the_known_ones()
    {
        var p = Of(("depth", "32"), ("dept", "32"));
        p.GetInt("depth", 32);
        var error = Assert.Throws<ArgumentException>(p.EnsureAllUsed);
        Assert.Contains("unknown parameter(s) dept", error.Message);
        Assert.Contains("it takes depth", error.Message);
    }
}
