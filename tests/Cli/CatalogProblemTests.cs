using System.Text.Json;
using IsdaDsl.Experiments.Commands;
using IsdaDsl.Experiments.Specs;

namespace IsdaDsl.Tests.Cli;

/// <summary>
/// An experiment whose resolved spec does not validate (here: one epoch and the default milestones 80, 120, which a
/// build once let through) over a catalog of one good and that one bad entry: `isda list` and `isda show` report it
/// located at its spec file and the experiment, list every other experiment still, and fail.
/// </summary>
public sealed class CatalogProblemTests
{
    private const string Good = "fashion-mnist-resnet8-isda";
    private const string Broken = "fashion-mnist-broken";
    private const string BrokenSpec = "experiments/fashion-mnist-broken.yaml";

    private const string BrokenYaml =
        "name: fashion-mnist-broken\n" +
        "data: { name: fashion-mnist, root: null, augmentation: standard, cutout: 0 }\n" +
        "model: { architecture: resnet, depth: 8, width: 16 }\n" +
        "training: { epochs: 1, batch_size: 128, seed: 0, runs: 1 }\n" +
        "optimizer: { lr: 0.1, momentum: 0.9, nesterov: true, weight_decay: 0.0001 }\n" +
        "schedule: { kind: multistep, milestones: [80, 120], factor: 0.1 }\n" +
        "method: { name: basic }\n" +
        "evaluation: { report: last10, paper_error: null }\n";

    // Line 6, the columns of 80 and 120 in BrokenYaml (what `isda show` prints).
    private static readonly string[] BrokenProblems =
    [
        $"{BrokenSpec}, resolved as {Broken}(6,43): error ISDA004: schedule.milestones must be below the number of epochs (1), got 80",
        $"{BrokenSpec}, resolved as {Broken}(6,47): error ISDA004: schedule.milestones must be below the number of epochs (1), got 120",
    ];

    private static SpecCatalog Catalog(string? brokenSpecPath = BrokenSpec) =>
        new([new CatalogEntry(Good, CatalogSpecs.Yaml(Good), "experiments/fashion-mnist-resnet8-isda.yaml"), new CatalogEntry(Broken, BrokenYaml, brokenSpecPath)]);

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void List_shows_every_experiment_and_the_located_problems_of_one_that_does_not_validate()
    {
        var (exitCode, output) = IsdaConsole.Capture(console => ListCommand.List(console, Catalog(), json: false));

        Assert.Equal(1, exitCode);
        var lines = Lines(output);
        Assert.Contains(lines, line => line.Contains($"│ {Good} ", StringComparison.Ordinal) && line.Contains("isda (lambda0 0.5, covariance full, dropout 0)", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains($"│ {Broken} ", StringComparison.Ordinal) && line.Contains("invalid: 2 problems below", StringComparison.Ordinal));
        Assert.Equal([.. BrokenProblems, "error: 1 of 2 experiments do not validate"], lines[^3..]);
        Assert.DoesNotContain(lines, line => line.StartsWith(':'));
    }

    [Fact]
    public void List_json_gives_the_settings_of_valid_experiments_and_the_problems_of_the_others()
    {
        var (exitCode, output) = IsdaConsole.Capture(console => ListCommand.List(console, Catalog(), json: true));

        Assert.Equal(1, exitCode);
        var items = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal([Broken, Good], items.Select(i => i.GetProperty("Name").GetString()));
        Assert.Equal(BrokenProblems, items[0].GetProperty("Problems").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(6, items[1].GetProperty("Epochs").GetInt32());
        Assert.False(items[1].TryGetProperty("Problems", out _));
    }

    [Fact]
    public void List_of_a_catalog_that_validates_succeeds_without_problems()
    {
        var catalog = new SpecCatalog([new CatalogEntry(Good, CatalogSpecs.Yaml(Good))]);
        var (exitCode, output) = IsdaConsole.Capture(console => ListCommand.List(console, catalog, json: false));

        Assert.Equal(0, exitCode);
        Assert.Contains($"│ {Good} ", output);
        Assert.DoesNotContain("invalid", output);
        Assert.DoesNotContain("error:", output);
        Assert.DoesNotContain("ISDA", output);
    }

    [Fact]
    public void The_repository_catalog_lists_every_experiment()
    {
        var (exitCode, output) = IsdaConsole.Run("list");

        Assert.True(exitCode == 0, output);
        Assert.All(CatalogSpecs.Names, name => Assert.Contains($"│ {name} ", output));
    }

    [Fact]
    public void Show_of_an_experiment_that_does_not_validate_prints_its_yaml_then_its_located_problems()
    {
        var (exitCode, output) = IsdaConsole.Capture(console => ShowCommand.Show(console, Catalog(), Broken));

        Assert.Equal(1, exitCode);
        Assert.Equal(BrokenYaml + string.Join("", BrokenProblems.Select(p => p + "\n")), output);
    }

    [Fact]
    public void Show_of_a_valid_experiment_prints_its_yaml_only()
    {
        var (exitCode, output) = IsdaConsole.Capture(console => ShowCommand.Show(console, Catalog(), Good));

        Assert.Equal(0, exitCode);
        Assert.Equal(CatalogSpecs.Yaml(Good), output);
    }

    [Fact]
    public void Without_a_known_spec_file_a_problem_is_located_at_the_experiment()
    {
        var problems = Assert.Throws<SpecProblemsException>(() => Catalog(brokenSpecPath: null).Read(Broken)).Lines;
        Assert.Equal(
            [$"{Broken}(6,43): error ISDA004: schedule.milestones must be below the number of epochs (1), got 80",
             $"{Broken}(6,47): error ISDA004: schedule.milestones must be below the number of epochs (1), got 120"],
            problems);
    }

    [Fact]
    public void Run_of_an_experiment_that_does_not_validate_puts_its_problems_down_to_the_spec_not_to_an_unrelated_override()
    {
        var catalog = Catalog();
        ExperimentRequest Resolve(params string[] overrides) => ExperimentRequest.Resolve(catalog, Broken, overrides.Select(SpecOverride.Parse));

        Assert.Equal(BrokenProblems, Assert.Throws<SpecProblemsException>(() => Resolve()).Lines);
        Assert.Equal(BrokenProblems, Assert.Throws<SpecProblemsException>(() => Resolve("optimizer.lr=0.05")).Lines);
        // An override that changes the problem is its cause; one that removes it makes the experiment runnable.
        Assert.Equal(
            ["--set training.epochs=100: error ISDA004: schedule.milestones must be below the number of epochs (100), got 120"],
            Assert.Throws<SpecProblemsException>(() => Resolve("training.epochs=100")).Lines);
        Assert.Equal(200, Resolve("training.epochs=200").Spec.Training.Epochs);
    }

    [Fact]
    public void A_report_reads_an_experiment_that_does_not_validate_as_not_in_the_catalog()
    {
        var catalog = Catalog();
        Assert.Null(catalog.TryRead(Broken));
        Assert.Null(catalog.TryRead("nosuch"));
        Assert.Equal(Good, catalog.TryRead(Good)?.Name);
    }
}
