using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Tests.Cli;

/// <summary>
/// A gan experiment through the `isda` program end to end, on the tiny Fashion-MNIST-shaped data set with tiny DCGAN
/// networks: list shows its kind, show prints its own sections, run trains it with the GAN trainer into a run folder,
/// run --resume continues it, report leaves it out.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public sealed class GanCommandLineTests : IDisposable
{
    private const string WganGp = "fashion-mnist-gan-wgan-gp";
    private readonly TemporaryDirectory temp = new();
    private readonly string data;
    private readonly string runs;

    public GanCommandLineTests()
    {
        data = temp.Combine("data");
        runs = temp.Combine("runs");
        TinyFashionMnist.Write(data);
    }

    public void Dispose() => temp.Dispose();

    // One epoch of per-class WGAN-GP at width 4: ten tiny generator and critic pairs, each over its class's 6 images.
    private string[] Tiny =>
    [
        "--data", data, "--out", runs, "--threads", TorchSharp.torch.get_num_threads().ToString(CultureInfo.InvariantCulture),
        "--set", "training.epochs=1", "--set", "training.batch_size=4", "--set", "gan.generator_width=4", "--set", "gan.critic_width=4",
        "--set", "gan.noise_dim=8", "--set", "gan.critic_steps=1",
    ];

    private static (int ExitCode, string Output) Run(params string[] arguments) => IsdaConsole.Run(arguments);

    [Fact]
    public void List_shows_the_kind_and_the_objective()
    {
        var (exitCode, output) = Run("list");
        Assert.True(exitCode == 0, output);
        Assert.Matches(new Regex(@"fashion-mnist-gan-wgan-gp\s+\S\s+gan\s+\S\s+fashion-mnist\s+\S\s+dcgan\s+\S\s+wgan-gp \(noise_dim 100"), output);
        Assert.Matches(new Regex(@"fashion-mnist-resnet8-isda\s+\S\s+classification\s"), output);
        foreach (var objective in new[] { "wgan", "wgan-gp", "cgan", "acgan", "infogan" })
            Assert.Contains($"fashion-mnist-gan-{objective} ", output);

        (exitCode, output) = Run("list", "--json");
        Assert.True(exitCode == 0, output);
        var items = JsonNode.Parse(output)!.AsArray();
        var gan = items.Single(i => (string?)i!["Name"] == WganGp)!;
        Assert.Equal(("gan", "wgan-gp", true), ((string?)gan["Kind"], (string?)gan["Objective"], (bool?)gan["PerClass"]));
        Assert.Equal("classification", (string?)items.Single(i => (string?)i!["Name"] == "fashion-mnist-resnet8-isda")!["Kind"]);
    }

    [Fact]
    public void Show_prints_the_gan_sections_only()
    {
        var (exitCode, output) = Run("show", WganGp);
        Assert.True(exitCode == 0, output);
        Assert.Equal(
            "name: fashion-mnist-gan-wgan-gp\nkind: gan\ndata: { name: fashion-mnist, root: null }\n" +
            "gan: { name: wgan-gp, noise_dim: 100, generator_width: 32, critic_width: 32, conditioning: per-class, critic_steps: 5, gp_weight: 10, lr: 0.0002, beta1: 0.5, beta2: 0.9 }\n" +
            "training: { epochs: 24, batch_size: 32, seed: 0, runs: 1 }\n",
            output);
    }

    [Fact]
    public void Run_trains_a_gan_into_a_run_folder_that_resume_finds_and_report_leaves_out()
    {
        var (exitCode, output) = Run(["run", WganGp, .. Tiny]);
        Assert.True(exitCode == 0, output);
        var folder = Assert.Single(Directory.GetDirectories(Path.Combine(runs, WganGp)));
        foreach (var file in new[] { "spec.yaml", "command.txt", "settings.json", "metrics.jsonl", "metrics.csv", "checkpoint.bin", "summary.json", "generator.bin", GanTrainer.SamplesFileName(1) })
            Assert.True(File.Exists(Path.Combine(folder, file)), file);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(folder, GanTrainer.SamplesFileName(1))).Take(4));
        var metrics = File.ReadAllLines(Path.Combine(folder, "metrics.jsonl"));
        Assert.Equal(1, (int)JsonNode.Parse(Assert.Single(metrics))!["epoch"]!);
        var summary = JsonSerializer.Deserialize<TrainingSummary>(File.ReadAllText(Path.Combine(folder, "summary.json")))!;
        Assert.Equal((TrainingSummary.Completed, 1), (summary.Status, summary.EpochsCompleted));
        Assert.StartsWith("name: fashion-mnist-gan-wgan-gp\nkind: gan\n", File.ReadAllText(Path.Combine(folder, "spec.yaml")));
        Assert.StartsWith($"isda run {WganGp} --set training.epochs=1 --set training.batch_size=4", File.ReadAllText(Path.Combine(folder, "command.txt")));

        // A complete run is not resumed; one left incomplete is continued in its own folder.
        (exitCode, output) = Run(["run", WganGp, .. Tiny, "--resume"]);
        Assert.Equal(1, exitCode);
        Assert.Contains($"error: --resume: no incomplete run of {WganGp} with this spec under {runs} (complete: {folder})", output);
        var summaryPath = Path.Combine(folder, "summary.json");
        File.WriteAllText(summaryPath, File.ReadAllText(summaryPath).Replace("\"completed\"", "\"interrupted\""));
        (exitCode, output) = Run(["run", WganGp, .. Tiny, "--resume"]);
        Assert.True(exitCode == 0, output);
        Assert.Contains("(resuming)", output);
        Assert.Equal(folder, Assert.Single(Directory.GetDirectories(Path.Combine(runs, WganGp))));
        Assert.Equal(TrainingSummary.Completed, JsonSerializer.Deserialize<TrainingSummary>(File.ReadAllText(summaryPath))!.Status);

        (exitCode, output) = Run("report", "--out", runs);
        Assert.Equal(0, exitCode);
        Assert.DoesNotContain(WganGp, output);
    }
}
