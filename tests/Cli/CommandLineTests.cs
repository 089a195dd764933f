using System.Globalization;
using System.Text.Json;
using IsdaDsl.Experiments;
using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Tests.Cli;

/// <summary>
/// The `isda` program end to end on a tiny Fashion-MNIST-shaped data set (64 + 32 images, one epoch of ResNet-8 at
/// width 4, well under a second): run, run --resume, sweep and report.
/// </summary>
[Collection(nameof(ProcessWideStateCollection))]
public sealed class CommandLineTests : IDisposable
{
    private const string Isda = "fashion-mnist-resnet8-isda";
    private const string Basic = "fashion-mnist-resnet8-basic";
    private readonly TemporaryDirectory temp = new();
    private readonly string data;
    private readonly string runs;

    public CommandLineTests()
    {
        data = temp.Combine("data");
        runs = temp.Combine("runs");
        TinyFashionMnist.Write(data);
    }

    public void Dispose() => temp.Dispose();

    // The process's own thread count, so that configuring libtorch for the run leaves the other tests' setting alone.
    private string[] Tiny =>
    [
        "--data", data, "--out", runs, "--threads", TorchSharp.torch.get_num_threads().ToString(CultureInfo.InvariantCulture),
        "--set", "training.epochs=1", "--set", "training.batch_size=32", "--set", "model.width=4",
    ];

    private static (int ExitCode, string Output) Run(params string[] arguments) => IsdaConsole.Run(arguments);

    [Fact]
    public void Run_trains_into_a_new_folder_and_resume_sweep_and_report_find_it()
    {
        var (exitCode, output) = Run(["run", .. Tiny]);
        Assert.True(exitCode == 0, output);
        Assert.Matches(@"TEST ERROR: \d+\.\d\d %", output);
        var folder = Assert.Single(Directory.GetDirectories(Path.Combine(runs, Isda)));
        foreach (var file in new[] { "spec.yaml", "command.txt", "settings.json", "metrics.jsonl", "metrics.csv", "checkpoint.bin", "summary.json", EnvironmentLog.FileName })
            Assert.True(File.Exists(Path.Combine(folder, file)), file);
        Assert.True(Directory.Exists(Path.Combine(folder, "tensorboard")));
        var summary = JsonSerializer.Deserialize<TrainingSummary>(File.ReadAllText(Path.Combine(folder, "summary.json")))!;
        Assert.Equal((TrainingSummary.Completed, 1), (summary.Status, summary.EpochsCompleted));
        // The threads asked for are part of the command: a run repeats bit for bit only at the same count.
        var threads = TorchSharp.torch.get_num_threads();
        Assert.Equal($"isda run {Isda} --set training.epochs=1 --set training.batch_size=32 --set model.width=4 --set data.root={data} --set training.seed=0 --out {runs} --threads {threads}\n",
            File.ReadAllText(Path.Combine(folder, "command.txt")));
        Assert.Equal(threads, Assert.Single(EnvironmentLog.Read(folder)).Environment.Threads);

        (exitCode, output) = Run(["run", .. Tiny, "--resume"]);
        Assert.Equal(1, exitCode);
        Assert.Contains($"error: --resume: no incomplete run of {Isda} with this spec under {runs} (complete: {folder})", output);

        (exitCode, output) = Run(["sweep", "fashion-mnist-resnet8-*", .. Tiny]);
        Assert.True(exitCode == 0, output);
        Assert.Contains("skip (complete)", output);
        Assert.Contains("sweep: 1 of 2 runs done, ETA 00:00:00", output);
        Assert.Single(Directory.GetDirectories(Path.Combine(runs, Isda)));
        Assert.Single(Directory.GetDirectories(Path.Combine(runs, Basic)));

        (exitCode, output) = Run(["report", "--out", runs, "--format", "csv"]);
        Assert.Equal(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"\"{Basic} (", lines[1]);
        Assert.StartsWith($"\"{Isda} (", lines[2]);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("show")]
    [InlineData("run")]
    [InlineData("sweep")]
    [InlineData("report")]
    [InlineData("plot")]
    public void Every_command_explains_itself(string command)
    {
        var (exitCode, output) = Run(command, "--help");
        Assert.True(exitCode == 0, output);
        Assert.Contains($"isda {command}", output);
    }

    [Fact]
    public void An_invalid_override_stops_the_run_before_anything_is_created()
    {
        var (exitCode, output) = Run(["run", "--set", "optimizer.lr=-1", "--set", "training.epoch=2", "--out", runs]);
        Assert.Equal(1, exitCode);
        Assert.Equal(
            "--set optimizer.lr=-1: error ISDA004: optimizer.lr must be > 0, got -1\n" +
            "--set training.epoch=2: error ISDA002: unknown key 'epoch' in 'training' (did you mean 'epochs'?); allowed: epochs, batch_size, seed, runs\n",
            output.ReplaceLineEndings("\n"));
        Assert.False(Directory.Exists(runs));
    }

    [Theory]
    [InlineData("--read-every")]
    [InlineData("--loader-workers")]
    public void A_count_below_one_stops_the_run_before_anything_is_created(string option)
    {
        var (exitCode, output) = Run(["run", option, "0", "--out", runs]);
        Assert.NotEqual(0, exitCode);
        Assert.Contains($"{option} must be a whole number ≥ 1, got 0", output);
        Assert.False(Directory.Exists(runs));
    }

    [Fact]
    public void An_unknown_layout_stops_the_run_naming_the_layouts()
    {
        var (exitCode, output) = Run(["run", "--layout", "nhwc", "--out", runs]);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("--layout must be channels-last or nchw, got 'nhwc'", output);
        Assert.False(Directory.Exists(runs));
    }

    [Fact]
    public void Missing_data_stops_the_run_before_a_run_folder_is_created()
    {
        var (exitCode, output) = Run(["run", "--data", temp.Combine("absent"), "--out", runs, "--threads", TorchSharp.torch.get_num_threads().ToString(CultureInfo.InvariantCulture)]);
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: ", output);
        Assert.False(Directory.Exists(Path.Combine(runs, Isda)));
    }
}
