using System.Globalization;
using System.Text.Json;
using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Tests.Cli;

/// <summary>
/// A classifier with GAN augmentation through the `isda` program, on the tiny Fashion-MNIST-shaped data set: without a
/// completed run of its generator's experiment it names the command that trains one and creates nothing; with one it
/// trains, records which gan run it took, and keeps that run when resumed; `--set` references are checked as the build
/// checks them.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public sealed class GanAugmentationCommandLineTests : IDisposable
{
    private const string Classifier = "fashion-mnist-comparison-gan-cgan";
    private const string Gan = "fashion-mnist-gan-cgan";
    private const string ReferencedRunsFile = "references.json";
    private readonly TemporaryDirectory temp = new();
    private readonly string data;
    private readonly string runs;

    public GanAugmentationCommandLineTests()
    {
        data = temp.Combine("data");
        runs = temp.Combine("runs");
        TinyFashionMnist.Write(data);
    }

    public void Dispose() => temp.Dispose();

    private string[] Common => ["--data", data, "--out", runs, "--threads", TorchSharp.torch.get_num_threads().ToString(CultureInfo.InvariantCulture)];

    private string[] TinyGan =>
    [
        .. Common, "--set", "training.epochs=1", "--set", "training.batch_size=4", "--set", "gan.generator_width=4", "--set", "gan.critic_width=4",
        "--set", "gan.noise_dim=8",
    ];

    private string[] TinyClassifier => [.. Common, "--set", "training.epochs=1", "--set", "training.runs=1", "--set", "training.batch_size=10", "--set", "model.width=4"];

    private static (int ExitCode, string Output) Run(params string[] arguments) => IsdaConsole.Run(arguments);

    [Fact]
    public void Without_a_completed_gan_run_the_command_that_trains_it_is_named_and_nothing_is_created()
    {
        var (exitCode, output) = Run(["run", Classifier, .. TinyClassifier]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"error: method.generator: experiment '{Gan}' has no completed run under {runs}; run first:", output);
        Assert.Contains($"  isda run {Gan} --set data.root={data} --out {runs}", output);
        Assert.Contains("or add --with-prerequisites to run it before this one", output);
        Assert.False(Directory.Exists(Path.Combine(runs, Classifier)) && Directory.EnumerateFileSystemEntries(Path.Combine(runs, Classifier)).Any());
    }

    [Fact]
    public void A_gan_run_behind_a_symbolic_link_is_not_taken_and_the_error_says_why()
    {
        var elsewhere = Path.Combine(Path.GetDirectoryName(runs)!, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        Directory.CreateDirectory(runs);
        Directory.CreateSymbolicLink(Path.Combine(runs, Gan), elsewhere);

        var (exitCode, output) = Run(["run", Classifier, .. TinyClassifier]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"error: method.generator: experiment '{Gan}' has no completed run under {runs} (skipped {Path.Combine(runs, Gan)}: {Path.Combine(runs, Gan)} is a symbolic link (to {elsewhere})", output);
    }

    [Fact]
    public void The_newest_completed_gan_run_is_taken_recorded_and_kept_on_resume()
    {
        var (exitCode, output) = Run(["run", Gan, .. TinyGan]);
        Assert.True(exitCode == 0, output);
        var ganRun = Assert.Single(Directory.GetDirectories(Path.Combine(runs, Gan)));

        (exitCode, output) = Run(["run", Classifier, .. TinyClassifier]);
        Assert.True(exitCode == 0, output);
        Assert.Contains("TEST ERROR:", output);
        var folder = Assert.Single(Directory.GetDirectories(Path.Combine(runs, Classifier)));
        var recorded = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(folder, ReferencedRunsFile)))!;
        Assert.Equal(new Dictionary<string, string> { [Gan] = ganRun }, recorded);

        // A newer gan run completes; the interrupted classifier run resumes with the generator it started with.
        (exitCode, output) = Run(["run", Gan, .. TinyGan, "--set", "training.seed=1"]);
        Assert.True(exitCode == 0, output);
        var summaryPath = Path.Combine(folder, TrainingSummary.FileName);
        File.WriteAllText(summaryPath, File.ReadAllText(summaryPath).Replace("\"completed\"", "\"interrupted\""));
        (exitCode, output) = Run(["run", Classifier, .. TinyClassifier, "--resume"]);
        Assert.True(exitCode == 0, output);
        Assert.Contains("(resuming)", output);
        Assert.Equal(recorded, JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(folder, ReferencedRunsFile))));
    }

    [Fact]
    public void A_set_reference_is_checked_against_the_catalog_as_the_build_checks_it()
    {
        var (exitCode, output) = Run(["run", Classifier, .. TinyClassifier, "--set", "method.generator=fashion-mnist-comparison-basic"]);
        Assert.Equal(1, exitCode);
        Assert.Contains("--set method.generator=fashion-mnist-comparison-basic: error ISDA013: method.generator must name an experiment of kind gan; " +
            "'fashion-mnist-comparison-basic' is of kind classification", output);

        (exitCode, output) = Run(["run", Classifier, .. TinyClassifier, "--set", "method.generator=cifar10-gan-cgan"]);
        Assert.Equal(1, exitCode);
        Assert.Contains("error ISDA013: method.generator must name an experiment on this experiment's data set, fashion-mnist; 'cifar10-gan-cgan' is on cifar10", output);
    }

    [Fact]
    public void Gan_quality_measures_the_newest_gan_run_with_the_classifier_and_writes_it_into_the_run_folder()
    {
        var (exitCode, output) = Run(["gan-quality", Gan, "--classifier", "fashion-mnist-comparison-basic", "--out", runs, "--data", data, "--per-class", "4"]);
        Assert.Equal(1, exitCode);
        Assert.Contains("--classifier: experiment 'fashion-mnist-comparison-basic' has no completed run", output);

        Assert.Equal(0, Run(["run", Gan, .. TinyGan]).ExitCode);
        Assert.Equal(0, Run(["run", "fashion-mnist-comparison-basic", .. TinyClassifier]).ExitCode);
        (exitCode, output) = Run(["gan-quality", Gan, "--classifier", "fashion-mnist-comparison-basic", "--out", runs, "--data", data, "--per-class", "4"]);

        Assert.True(exitCode == 0, output);
        var ganRun = Assert.Single(Directory.GetDirectories(Path.Combine(runs, Gan)));
        var quality = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(ganRun, "quality.json")))!;
        Assert.Equal(10, quality["trained"]!["PerClassAccuracy"]!.AsArray().Count);
        Assert.InRange((double)quality["trained"]!["Accuracy"]!, 0, 1);
        Assert.True((double)quality["untrained"]!["FrechetDistance"]! >= 0);
        Assert.Contains("Fréchet", output);
    }
}
