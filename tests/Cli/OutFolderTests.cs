using System.Globalization;
using IsdaDsl.Experiments.Runs;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Runtime.Training;
using IsdaDsl.Spec;

namespace IsdaDsl.Tests.Cli;

/// <summary>
/// Nothing taken from a spec, a `--set` or a run folder leads a file outside --out: not a name with "..", not an
/// absolute name, not a symbolic link planted below --out. Each test has a folder "outside" beside --out that links
/// point to, and checks that it holds afterwards exactly what the test put there.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public sealed class OutFolderTests : IDisposable
{
    private const string Isda = "fashion-mnist-resnet8-isda";
    private const string Stamp = "seed-0-20250101-000000";
    private readonly TemporaryDirectory temp = new();
    private readonly string data;
    private readonly string runs;
    private readonly string outside;

    public OutFolderTests()
    {
        data = temp.Combine("data");
        runs = temp.Combine("runs");
        outside = temp.Combine("outside");
        TinyFashionMnist.Write(data);
        Directory.CreateDirectory(runs);
        Directory.CreateDirectory(outside);
    }

    public void Dispose() => temp.Dispose();

    // One epoch of a tiny network, as in CommandLineTests; the spec of the run these options ask for is TinySpec.
    private string[] Tiny =>
    [
        "--data", data, "--out", runs, "--threads", TorchSharp.torch.get_num_threads().ToString(CultureInfo.InvariantCulture),
        "--set", "training.epochs=1", "--set", "training.batch_size=32", "--set", "model.width=4",
    ];

    private static ExperimentSpec TinySpec => FabricatedRuns.Spec(Isda, "training.epochs=1", "training.batch_size=32", "model.width=4", "training.seed=0");

    private static (int ExitCode, string Output) Run(params string[] arguments) => IsdaConsole.Run(arguments);

    private static string CreateFolder(string outRoot, ExperimentSpec spec) => RunFolders.Create(outRoot, spec, "isda run");

    /// <summary>Every file and folder under <paramref name="folder"/>, relative to it.</summary>
    private static List<string> Tree(string folder) =>
        Directory.EnumerateFileSystemEntries(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(path => Path.GetRelativePath(folder, path)).Order(StringComparer.Ordinal).ToList();

    /// <summary>Nothing new outside --out: the temporary folder holds only data, runs and outside, and outside only <paramref name="planted"/>.</summary>
    private void AssertNothingOutside(params string[] planted)
    {
        Assert.Equal(["data", "outside", "runs"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(planted.Order(StringComparer.Ordinal), Tree(outside));
    }

    [Theory]
    [InlineData("../escaped")]
    [InlineData("../outside/escaped")]
    [InlineData("fashion/../../escaped")]
    public void A_name_with_dot_dot_is_refused_before_any_folder_is_made(string name)
    {
        var problem = Assert.ThrowsAny<IOException>(() => CreateFolder(runs, TinySpec with { Name = name }));

        Assert.Contains($"'{name}'", problem.Message);
        Assert.Contains(ExperimentName.Rule, problem.Message);
        Assert.Contains($"--out {runs}", problem.Message);
        Assert.Empty(Tree(runs));
        AssertNothingOutside();
    }

    [Fact]
    public void An_absolute_name_is_refused_before_any_folder_is_made()
    {
        var name = Path.Combine(outside, "absolute");

        var problem = Assert.ThrowsAny<IOException>(() => CreateFolder(runs, TinySpec with { Name = name }));

        Assert.Contains($"'{name}'", problem.Message);
        Assert.Contains(ExperimentName.Rule, problem.Message);
        Assert.Empty(Tree(runs));
        AssertNothingOutside();
    }

    [Theory]
    [InlineData("name: ../../../escaped")]
    [InlineData("name: /tmp/escaped")]
    public void A_name_edited_into_spec_yaml_makes_it_unreadable_and_nothing_resumes(string nameLine)
    {
        var folder = FabricatedRuns.Write(runs, TinySpec, Stamp, TrainingSummary.Interrupted);
        var specPath = Path.Combine(folder, RunFolders.SpecFile);
        File.WriteAllText(specPath, File.ReadAllText(specPath).Replace($"name: {Isda}", nameLine));

        Assert.Null(RunFolder.Read(folder).Spec);
        var (exitCode, output) = Run(["run", .. Tiny, "--resume"]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"error: --resume: no incomplete run of {Isda} with this spec under {runs}", output);
        AssertNothingOutside();
    }

    [Fact]
    public void A_symbolic_link_as_experiment_folder_is_not_written_through()
    {
        Directory.CreateSymbolicLink(Path.Combine(runs, Isda), outside);

        var problem = Assert.ThrowsAny<IOException>(() => CreateFolder(runs, TinySpec));
        Assert.Contains($"{Path.Combine(runs, Isda)} is a symbolic link", problem.Message);
        Assert.Contains($"--out {runs}", problem.Message);

        var (exitCode, output) = Run(["run", .. Tiny]);
        Assert.Equal(1, exitCode);
        Assert.Contains($"error: {Path.Combine(runs, Isda)} is a symbolic link", output);
        AssertNothingOutside();
    }

    [Fact]
    public void A_symbolic_link_as_experiment_folder_is_neither_searched_nor_resumed()
    {
        // The link leads to a folder that holds an interrupted run of exactly the spec asked for.
        var planted = FabricatedRuns.Write(outside, TinySpec, Stamp, TrainingSummary.Interrupted);
        Directory.CreateSymbolicLink(Path.Combine(runs, Isda), Path.Combine(outside, Isda));
        var before = Tree(outside);

        Assert.Empty(RunFolders.Find(runs, Isda));
        Assert.Empty(RunFolders.Find(runs));
        var (exitCode, output) = Run(["run", .. Tiny, "--resume"]);
        Assert.Equal(1, exitCode);
        Assert.Contains($"error: {Path.Combine(runs, Isda)} is a symbolic link", output);
        (exitCode, output) = Run(["sweep", Isda, .. Tiny]);
        Assert.Equal(1, exitCode);
        Assert.Contains($"error: {Path.Combine(runs, Isda)} is a symbolic link", output);

        Assert.True(Directory.Exists(planted));
        AssertNothingOutside([.. before]);
    }

    [Fact]
    public void A_symbolic_link_as_run_folder_is_skipped_with_a_warning()
    {
        var planted = FabricatedRuns.Write(outside, TinySpec, Stamp, TrainingSummary.Interrupted);
        Directory.CreateDirectory(Path.Combine(runs, Isda));
        var link = Path.Combine(runs, Isda, Stamp);
        Directory.CreateSymbolicLink(link, planted);
        var before = Tree(outside);

        Assert.Empty(RunFolders.Find(runs, Isda));
        var (exitCode, output) = Run(["run", .. Tiny, "--resume"]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"warning: skipped {link}: {link} is a symbolic link (to {planted})", output);
        Assert.Contains($"error: --resume: no incomplete run of {Isda} with this spec under {runs}", output);
        AssertNothingOutside([.. before]);
    }

    [Fact]
    public void Report_leaves_out_a_symbolic_link_as_run_folder_with_a_warning()
    {
        var planted = FabricatedRuns.Write(outside, TinySpec, Stamp, TrainingSummary.Completed);
        FabricatedRuns.Write(runs, TinySpec, "seed-0-20250102-000000", TrainingSummary.Completed, final: 0.2);
        var link = Path.Combine(runs, Isda, Stamp);
        Directory.CreateSymbolicLink(link, planted);

        var (exitCode, output) = Run("report", "--out", runs);

        Assert.Equal(0, exitCode);
        Assert.StartsWith($"warning: skipped {link}: {link} is a symbolic link (to {planted})", output);
        // One run counted, the real one (final test error 20 %).
        Assert.Matches(@"│ 1 +│ 20\.00 +│", output);
    }

    [Fact]
    public void A_run_folder_holding_a_symbolic_link_is_skipped_rather_than_resumed()
    {
        var folder = FabricatedRuns.Write(runs, TinySpec, Stamp, TrainingSummary.Interrupted);
        var victim = Path.Combine(outside, "victim.csv");
        File.WriteAllText(victim, "untouched\n");
        File.CreateSymbolicLink(Path.Combine(folder, "metrics.csv"), victim);

        Assert.Empty(RunFolders.Find(runs, Isda));
        var (exitCode, output) = Run(["run", .. Tiny, "--resume"]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"warning: skipped {folder}: {Path.Combine(folder, "metrics.csv")} is a symbolic link", output);
        Assert.Equal("untouched\n", File.ReadAllText(victim));
        AssertNothingOutside("victim.csv");
    }

    [Fact]
    public void A_symbolic_link_as_spec_yaml_is_unreadable()
    {
        var folder = FabricatedRuns.Write(runs, TinySpec, Stamp, TrainingSummary.Interrupted);
        var specPath = Path.Combine(folder, RunFolders.SpecFile);
        File.Move(specPath, Path.Combine(outside, "spec.yaml"));
        File.CreateSymbolicLink(specPath, Path.Combine(outside, "spec.yaml"));

        Assert.Null(RunFolder.Read(folder).Spec);
    }

    [Fact]
    public void An_oversize_spec_yaml_is_unreadable()
    {
        var folder = FabricatedRuns.Write(runs, TinySpec, Stamp, TrainingSummary.Interrupted);
        File.AppendAllText(Path.Combine(folder, RunFolders.SpecFile), "# " + new string('x', 2_000_000) + "\n");

        Assert.Null(RunFolder.Read(folder).Spec);
    }

    [Fact]
    public void A_symbolic_link_where_the_new_run_folder_goes_is_refused()
    {
        // A run folder's name is predictable (seed and time), so links are planted for every second the test may take.
        Directory.CreateDirectory(Path.Combine(runs, Isda));
        var now = DateTime.Now;
        for (var second = -2; second <= 30; second++)
        {
            var name = $"seed-0-{now.AddSeconds(second).ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
            Directory.CreateSymbolicLink(Path.Combine(runs, Isda, name), outside);
        }

        var problem = Assert.ThrowsAny<IOException>(() => CreateFolder(runs, TinySpec));

        Assert.Contains("is a symbolic link", problem.Message);
        AssertNothingOutside();
    }

    [Fact]
    public void The_out_folder_itself_may_be_a_symbolic_link()
    {
        var chosen = temp.Combine("outside", "chosen");
        Directory.CreateDirectory(chosen);
        var link = Path.Combine(runs, "chosen-link");
        Directory.CreateSymbolicLink(link, chosen);

        var folder = CreateFolder(link, TinySpec);

        Assert.Equal(Path.Combine(link, Isda), Path.GetDirectoryName(folder));
        Assert.Equal(folder, Assert.Single(RunFolders.Find(link, Isda)).Path);
        Assert.True(File.Exists(Path.Combine(chosen, Isda, Path.GetFileName(folder), RunFolders.SpecFile)));
    }

    [Theory]
    [InlineData("../../escaped")]
    [InlineData("/tmp/escaped")]
    public void A_set_name_is_refused_with_the_name_rule_before_anything_is_created(string name)
    {
        var (exitCode, output) = Run(["run", .. Tiny, "--set", $"name={name}"]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"--set name={name}: error ISDA004: name must match {ExperimentName.Rule}, got '{name}'", output);
        Assert.Empty(Tree(runs));
        AssertNothingOutside();
    }
}
