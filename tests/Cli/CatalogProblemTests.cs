extern alias cli;
using cli::IsdaDsl.Experiments.Specs;

namespace IsdaDsl.Tests.Cli;

/// <summary>
/// An experiment whose resolved spec does not validate (here: one epoch and the default milestones 80, 120, which a
/// build once let through) over a catalog of one good and that one bad entry: its problems are located at its spec
/// file and the experiment, never at an empty place.
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

    private static SpecCatalog Catalog(string? brokenSpecPath = BrokenSpec, Func<string, string?>? locate = null) =>
        new([new CatalogEntry(Good, CatalogSpecs.Yaml(Good), "experiments/fashion-mnist-resnet8-isda.yaml"), new CatalogEntry(Broken, BrokenYaml, brokenSpecPath)], locate);

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
    public void An_entry_without_a_spec_file_is_located_by_the_catalogs_lookup()
    {
        var asked = new List<string>();
        var catalog = Catalog(brokenSpecPath: null, locate: name =>
        {
            asked.Add(name);
            return BrokenSpec;
        });

        Assert.Equal(BrokenProblems, Assert.Throws<SpecProblemsException>(() => catalog.Read(Broken)).Lines);
        catalog.Read(Good);
        Assert.Equal([Broken], asked);
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
