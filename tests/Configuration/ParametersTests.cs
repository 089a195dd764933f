using IsdaDsl.Runtime.Configuration;

namespace IsdaDsl.Tests.Configuration;

/// <summary>The runtime's parameters follow each component's declaration in the spec library: defaults, ranges, rules, words.</summary>
public class ParametersTests
{
    [Fact]
    public void Typed_getters_read_values_and_fall_back_to_the_declared_defaults()
    {
        var network = Parameters.ForArchitecture("resnet", new Dictionary<string, string> { ["depth"] = "110" });
        Assert.Equal(110, network.GetInt("depth"));
        Assert.Equal(16, network.GetInt("width"));
        network.EnsureAllUsed();
        var method = Parameters.ForMethod("isda", new Dictionary<string, string> { ["lambda0"] = "0.25", ["covariance"] = "diagonal" });
        Assert.Equal(0.25, method.GetDouble("lambda0"));
        Assert.Equal("diagonal", method.GetChoice("covariance"));
        Assert.Equal(0, method.GetDouble("dropout"));
    }

    [Fact]
    public void Malformed_and_out_of_range_values_name_the_parameter_and_what_is_allowed()
    {
        var error = Assert.Throws<ArgumentException>(() => Parameters.ForArchitecture("resnet", new Dictionary<string, string> { ["depth"] = "deep" }));
        Assert.Equal("architecture resnet: parameter 'depth' = 'deep' is not an integer", error.Message);
        Assert.Throws<ArgumentException>(() => Parameters.ForMethod("isda", new Dictionary<string, string> { ["lambda0"] = "NaN" }));
        var choice = Assert.Throws<ArgumentException>(() => Parameters.ForMethod("isda", new Dictionary<string, string> { ["covariance"] = "low-rank" }));
        Assert.Contains("one of full, diagonal", choice.Message);
        // The build's message, word for word (ISDA004: model.reduction must lie in [1, 16] …).
        var range = Assert.Throws<ArgumentException>(() => Parameters.ForArchitecture("se-resnet", new Dictionary<string, string> { ["reduction"] = "32" }));
        Assert.Equal("architecture se-resnet: reduction must lie in [1, 16] (at most the first stage's 16 channels), got 32", range.Message);
    }

    [Fact]
    public void A_cross_parameter_rule_is_checked_with_the_declared_defaults()
    {
        var error = Assert.Throws<ArgumentException>(() => Parameters.ForArchitecture("densenet-bc",
            new Dictionary<string, string> { ["depth"] = "10", ["growth_rate"] = "1", ["compression"] = "0.1" }));
        Assert.Equal("architecture densenet-bc: compression must leave at least one channel at each transition, got 0.1", error.Message);
    }

    [Fact]
    public void Unknown_keys_are_reported_with_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => Parameters.ForArchitecture("resnet", new Dictionary<string, string> { ["dept"] = "32" }));
        Assert.Equal("architecture resnet: unknown parameter(s) dept; it takes depth, width", error.Message);
    }

    [Fact]
    public void A_component_that_ignores_a_declared_parameter_or_reads_an_undeclared_one_is_a_programming_error()
    {
        var parameters = Parameters.ForArchitecture("resnet");
        parameters.GetInt("depth");
        Assert.Contains("ignores its declared parameter(s) width", Assert.Throws<InvalidOperationException>(parameters.EnsureAllUsed).Message);
        Assert.Throws<InvalidOperationException>(() => parameters.GetDouble("depth"));
        Assert.Throws<InvalidOperationException>(() => parameters.GetInt("height"));
    }
}
