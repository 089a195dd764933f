using System.Diagnostics;
using IsdaDsl.Experiments.Cluster;

namespace IsdaDsl.Tests.Cluster;

/// <summary>The sbatch script of a Slurm sweep, as text: its array, its options and one task per command.</summary>
public sealed class SlurmScriptTests
{
    private static readonly string[] Commands =
    [
        "isda sweep fashion-mnist-resnet8-basic --set training.seed=0 --out runs",
        "isda sweep fashion-mnist-resnet8-isda --set 'data.root=/my data' --set training.seed=1 --out runs",
        "isda sweep fashion-mnist-resnet8-isda --set training.seed=2 --out runs --layout nchw",
    ];

    private static string Write(SlurmOptions options) =>
        SlurmScript.Write(Commands, options, "/usr/bin/dotnet '/opt/my isda/isda.dll'", "/home/me/work", "/home/me/work/runs/sweeps/1/logs");

    private static string[] Lines(string script) => script.Split('\n');

    [Fact]
    public void The_array_has_one_task_per_command_and_at_most_max_parallel_at_once()
    {
        Assert.Contains("#SBATCH --array=0-2", Lines(Write(new SlurmOptions())));
        Assert.Contains("#SBATCH --array=0-2%2", Lines(Write(new SlurmOptions(MaxParallel: 2))));
    }

    [Fact]
    public void Each_task_runs_its_command_in_the_background_and_others_are_refused()
    {
        var lines = Lines(Write(new SlurmOptions()));
        for (var k = 0; k < Commands.Length; k++)
            Assert.Contains($"  {k}) {Commands[k]} & ;;", lines);
        Assert.Contains("  *) echo \"no run for array task $SLURM_ARRAY_TASK_ID\" >&2; exit 2 ;;", lines);
        Assert.Contains("case \"$SLURM_ARRAY_TASK_ID\" in", lines);
    }

    [Fact]
    public void Isda_is_the_launcher_by_absolute_paths_with_the_tasks_cpus_as_threads()
    {
        Assert.Contains("isda() { exec /usr/bin/dotnet '/opt/my isda/isda.dll' \"$@\" ${SLURM_CPUS_PER_TASK:+--threads \"$SLURM_CPUS_PER_TASK\"}; }", Lines(Write(new SlurmOptions())));
    }

    [Fact]
    public void Every_task_logs_to_its_own_file_runs_where_the_sweep_was_planned_and_is_requeued_after_the_warning_signal()
    {
        var lines = Lines(Write(new SlurmOptions()));
        Assert.Contains("#SBATCH --output=/home/me/work/runs/sweeps/1/logs/%a.log", lines);
        Assert.Contains("#SBATCH --open-mode=append", lines);
        Assert.Contains("#SBATCH --chdir=/home/me/work", lines);
        Assert.Contains("#SBATCH --requeue", lines);
        Assert.Contains($"#SBATCH --signal=B:INT@{SlurmScript.WarningSeconds}", lines);
        Assert.Contains($"if [ \"$status\" -eq {SlurmScript.Interrupted} ] && [ \"$warned\" -eq 1 ]; then", lines);
        Assert.Contains("  scontrol requeue \"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"", lines);
    }

    [Fact]
    public void Resource_options_are_written_only_when_given_and_quoted()
    {
        var bare = Write(new SlurmOptions());
        foreach (var option in new[] { "--partition", "--gpus-per-task", "--cpus-per-task", "--mem", "--time" })
            Assert.DoesNotContain(option, bare);

        var lines = Lines(Write(new SlurmOptions("gpu", 1, 8, "16G", "1-00:00:00", 4)));
        Assert.Contains("#SBATCH --partition=gpu", lines);
        Assert.Contains("#SBATCH --gpus-per-task=1", lines);
        Assert.Contains("#SBATCH --cpus-per-task=8", lines);
        Assert.Contains("#SBATCH --mem=16G", lines);
        Assert.Contains("#SBATCH --time=1-00:00:00", lines);
        Assert.Contains("#SBATCH --partition='a b'", Lines(Write(new SlurmOptions(Partition: "a b"))));
    }

    [Fact]
    public void The_script_is_valid_bash()
    {
        using var temp = new TemporaryDirectory();
        var script = temp.Combine("sweep.sbatch");
        File.WriteAllText(script, Write(new SlurmOptions("gpu", 1, 8, "16G", "1-00:00:00", 4)));
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-n", script]) { RedirectStandardError = true })!;
        var errors = bash.StandardError.ReadToEnd();
        bash.WaitForExit();
        Assert.True(bash.ExitCode == 0, errors);
    }

    [Fact]
    public void A_sweep_of_no_runs_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SlurmScript.Write([], new SlurmOptions(), "isda", "/", "/logs"));
    }
}
