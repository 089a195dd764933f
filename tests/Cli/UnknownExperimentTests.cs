using IsdaDsl.Experiments.Commands;
using IsdaDsl.Experiments.Specs;

namespace IsdaDsl.Tests.Cli;

/// <summary>A name the catalog lacks gets the few nearest names and a pointer to `isda list`, never the whole catalog.</summary>
public sealed class UnknownExperimentTests
{
    private static readonly string ListHint = $"; isda list shows all {CatalogSpecs.Names.Count} experiments";

    private static int NamesIn(string output) => CatalogSpecs.Names.Count(name => output.Contains($"'{name}'", StringComparison.Ordinal));

    [Fact]
    public void Run_of_an_unknown_experiment_suggests_the_nearest_names_and_not_all_of_them()
    {
        var (exitCode, output) = IsdaConsole.Run("run", "fashion-mnist-resnet8-isd");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: unknown experiment 'fashion-mnist-resnet8-isd' (did you mean 'fashion-mnist-resnet8-isda'", output);
        Assert.EndsWith(ListHint + "\n", output);
        Assert.InRange(NamesIn(output), 1, NameSuggestions.MaxSuggestions);
    }

    [Fact]
    public void Run_of_a_name_near_no_experiment_points_to_isda_list_only()
    {
        var (exitCode, output) = IsdaConsole.Run("run", "nosuch-experiment");

        Assert.Equal(1, exitCode);
        Assert.Equal($"error: unknown experiment 'nosuch-experiment'{ListHint}\n", output);
    }

    [Fact]
    public void Show_of_an_unknown_experiment_suggests_the_nearest_names()
    {
        var (exitCode, output) = IsdaConsole.Run("show", "resnet110-isda");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: unknown experiment 'resnet110-isda' (did you mean ", output);
        Assert.Contains("'cifar10-resnet110-isda'", output);
        Assert.Contains("'cifar100-resnet110-isda'", output);
        Assert.InRange(NamesIn(output), 2, NameSuggestions.MaxSuggestions);
        Assert.EndsWith(ListHint + "\n", output);
    }

    [Fact]
    public void Sweep_of_a_misspelt_name_suggests_the_nearest_and_of_a_pattern_only_points_to_isda_list()
    {
        var (exitCode, output) = IsdaConsole.Run("sweep", "cifar10-resnet32-isd");
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: no experiment matches 'cifar10-resnet32-isd' (did you mean 'cifar10-resnet32-isda'", output);
        Assert.InRange(NamesIn(output), 1, NameSuggestions.MaxSuggestions);
        Assert.EndsWith(ListHint + "\n", output);

        (exitCode, output) = IsdaConsole.Run("sweep", "cifar10-resnet32-isd*x");
        Assert.Equal(1, exitCode);
        Assert.Equal($"error: no experiment matches 'cifar10-resnet32-isd*x'{ListHint}\n", output);
    }

    [Fact]
    public void No_match_message_suggests_only_for_a_plain_name()
    {
        string[] names = ["cifar10-resnet32-basic", "cifar10-resnet32-isda"];
        Assert.Equal("no experiment matches 'cifar10-resnet32-isd' (did you mean 'cifar10-resnet32-isda' or 'cifar10-resnet32-basic'?); isda list shows all 2 experiments",
            SweepCommand.NoMatch("cifar10-resnet32-isd", names));
        Assert.Equal("no experiment matches 'cifar10-resnet32-isd?'; isda list shows all 2 experiments", SweepCommand.NoMatch("cifar10-resnet32-isd?", names));
    }

    [Theory]
    [InlineData("cifar10-resnet32-isd", "cifar10-resnet32-isda,cifar100-resnet32-isda,cifar10-resnet32-basic")]
    [InlineData("CIFAR10-RESNET32-ISDA", "cifar10-resnet32-isda,cifar100-resnet32-isda,cifar10-resnet32-basic")]
    [InlineData("resnet8", "fashion-mnist-resnet8-isda")]
    [InlineData("wrn", "")]
    [InlineData("nosuch-experiment", "")]
    public void Nearest_names_are_at_most_three_nearest_first(string word, string expected)
    {
        string[] names = ["cifar10-resnet32-basic", "cifar10-resnet32-isda", "cifar100-resnet32-isda", "cifar100-resnet110-isda", "fashion-mnist-resnet8-isda"];
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), NameSuggestions.Nearest(word, names));
    }
}
