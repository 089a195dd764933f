using IsdaDsl.Experiments.Runs;
using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Tests.Cli;

/// <summary>The paths <see cref="RunPaths"/> makes under --out, and those it refuses.</summary>
public sealed class RunPathsTests : IDisposable
{
    private const string Isda = "fashion-mnist-resnet8-isda";
    private readonly TemporaryDirectory temp = new();
    private readonly string runs;

    public RunPathsTests()
    {
        runs = temp.Combine("runs");
        Directory.CreateDirectory(runs);
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Paths_are_made_as_out_is_written()
    {
        Assert.Equal(Path.Combine("runs", Isda), RunPaths.ExperimentFolder("runs", Isda));
        Assert.Equal(Path.Combine(runs, Isda, "seed-0-20250101-000000"), RunPaths.RunFolder(runs, Isda, "seed-0-20250101-000000"));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("/tmp")]
    public void A_run_folder_name_must_be_one_plain_name(string folderName)
    {
        var problem = Assert.Throws<UnsafePathException>(() => RunPaths.RunFolder(runs, Isda, folderName));
        Assert.Contains($"is not inside --out {runs}", problem.Message);
    }

    [Fact]
    public void A_dangling_symbolic_link_is_refused_too()
    {
        var link = Path.Combine(runs, Isda);
        Directory.CreateSymbolicLink(link, temp.Combine("absent"));

        var problem = Assert.Throws<UnsafePathException>(() => RunPaths.ExperimentFolder(runs, Isda));

        Assert.Equal($"{link} is a symbolic link (to {temp.Combine("absent")}); nothing is written or read through a link below --out {runs}", problem.Message);
        Assert.False(Directory.Exists(temp.Combine("absent")));
    }

    [Fact]
    public void Only_a_run_folder_directly_inside_its_experiment_folder_is_resumed()
    {
        var folder = FabricatedRuns.Write(runs, FabricatedRuns.Spec(Isda), "seed-0-20250101-000000", TrainingSummary.Interrupted);
        var elsewhere = FabricatedRuns.Write(temp.Combine("elsewhere"), FabricatedRuns.Spec(Isda), "seed-0-20250101-000000", TrainingSummary.Interrupted);

        Assert.Equal(folder, RunPaths.ExistingRunFolder(runs, Isda, folder));
        Assert.Contains("is not a run folder of fashion-mnist-resnet8-basic directly inside --out",
            Assert.Throws<UnsafePathException>(() => RunPaths.ExistingRunFolder(runs, "fashion-mnist-resnet8-basic", folder)).Message);
        Assert.Contains($"{elsewhere} is not a run folder of {Isda} directly inside --out {runs}",
            Assert.Throws<UnsafePathException>(() => RunPaths.ExistingRunFolder(runs, Isda, elsewhere)).Message);
    }

    [Fact]
    public void A_link_planted_after_the_folder_was_found_stops_its_resume()
    {
        var folder = FabricatedRuns.Write(runs, FabricatedRuns.Spec(Isda), "seed-0-20250101-000000", TrainingSummary.Interrupted);
        var found = Assert.Single(RunFolders.Find(runs, Isda));
        File.CreateSymbolicLink(Path.Combine(folder, "checkpoint.bin"), temp.Combine("victim"));

        var problem = Assert.Throws<UnsafePathException>(() => RunPaths.ExistingRunFolder(runs, Isda, found.Path));

        Assert.Equal($"{Path.Combine(folder, "checkpoint.bin")} is a symbolic link; nothing is written or read through a link below --out {runs}", problem.Message);
    }
}
