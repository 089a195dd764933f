using System.Globalization;
using System.Text.Json;
using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Tests.Cli;

/// <summary>
/// A reconstruction through the `isda` program, on the tiny Fashion-MNIST-shaped data set: without completed runs of
/// its classifier and generator it names the commands to run first, in order, and creates nothing; with
/// --with-prerequisites it trains the missing one, skips the completed one, and writes its outputs.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public sealed class ReconstructionCommandLineTests : IDisposable
{
    private const string Reconstruction = "fashion-mnist-reconstruction";
    private const string Classifier = "fashion-mnist-resnet8-isda";
    private const string Gan = "fashion-mnist-gan-wgan-gp";
    private readonly TemporaryDirectory temp = new();
    private readonly string data;
    private readonly string runs;

    public ReconstructionCommandLineTests()
    {
        data = temp.Combine("data");
        runs = temp.Combine("runs");
        TinyFashionMnist.Write(data);
    }

    public void Dispose() => temp.Dispose();

    private string[] Common => ["--data", data, "--out", runs, "--threads", TorchSharp.torch.get_num_threads().ToString(CultureInfo.InvariantCulture)];

    private string[] TinyReconstruction =>
    [
        .. Common, "--set", "reconstruction.images=10", "--set", "reconstruction.samples=2", "--set", "reconstruction.step1_iterations=30",
        "--set", "reconstruction.step2_iterations=20", "--set", "reconstruction.lr_drop_every=10", "--set", "reconstruction.step1_lr=0.1", "--set", "reconstruction.step2_lr=0.1",
    ];

    private static (int ExitCode, string Output) Run(params string[] arguments) => IsdaConsole.Run(arguments);

    [Fact]
    public void Without_completed_prerequisites_the_commands_to_run_first_are_named_in_order_and_nothing_is_created()
    {
        var (exitCode, output) = Run(["run", Reconstruction, .. TinyReconstruction]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"reconstruction.classifier: experiment '{Classifier}' has no completed run under {runs}; reconstruction.generator: experiment '{Gan}' has no completed run under {runs}; run first:", output);
        var first = output.IndexOf($"  isda run {Classifier} --set data.root={data} --out {runs}", StringComparison.Ordinal);
        var second = output.IndexOf($"  isda run {Gan} --set data.root={data} --out {runs}", StringComparison.Ordinal);
        Assert.True(first >= 0 && second > first, output);
        Assert.Contains("or add --with-prerequisites to run them before this one", output);
        Assert.False(Directory.Exists(Path.Combine(runs, Reconstruction)));
    }

    [Fact]
    public void With_prerequisites_the_missing_classifier_is_trained_the_completed_gan_skipped_and_the_outputs_written()
    {
        var (exitCode, output) = Run(["run", Gan, .. Common, "--set", "training.epochs=1", "--set", "training.batch_size=4", "--set", "gan.generator_width=4", "--set", "gan.critic_width=4"]);
        Assert.True(exitCode == 0, output);
        var ganRun = Assert.Single(Directory.GetDirectories(Path.Combine(runs, Gan)));

        (exitCode, output) = Run(["run", Reconstruction, .. TinyReconstruction, "--with-prerequisites"]);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"prerequisites of {Reconstruction}: {Classifier}", output);
        var classifierRun = Assert.Single(Directory.GetDirectories(Path.Combine(runs, Classifier)));
        Assert.Equal(ganRun, Assert.Single(Directory.GetDirectories(Path.Combine(runs, Gan))));
        var folder = Assert.Single(Directory.GetDirectories(Path.Combine(runs, Reconstruction)));
        var recorded = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(folder, "references.json")))!;
        Assert.Equal(new Dictionary<string, string> { [Classifier] = classifierRun, [Gan] = ganRun }, recorded);
        foreach (var file in new[] { "reconstruction.png", "tensors.safetensors", "losses.png", "losses.svg", "reconstruction.json", TrainingSummary.FileName })
            Assert.True(File.Exists(Path.Combine(folder, file)), $"{file} is missing from {folder}");
        var rows = File.ReadAllLines(Path.Combine(folder, "losses.csv"));
        Assert.Equal("step,iteration,lr,feature_loss,pixel_loss,total_loss", rows[0]);
        Assert.Equal(1 + 30 + 20, rows.Length);
        Assert.Contains("completed", File.ReadAllText(Path.Combine(folder, TrainingSummary.FileName)));

        // Everything is complete now: running with prerequisites again trains nothing before the reconstruction.
        (exitCode, output) = Run(["run", Reconstruction, .. TinyReconstruction, "--with-prerequisites"]);
        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("prerequisites of", output);
        Assert.Single(Directory.GetDirectories(Path.Combine(runs, Classifier)));
    }
}
