using IsdaDsl.Experiments.Specs;

namespace IsdaDsl.Tests.Cli;

/// <summary>The generated catalog does not record spec files: the CLI finds an experiment's file among the spec sources.</summary>
public sealed class SpecFilesTests : IDisposable
{
    private const string Spec = "data: { name: fashion-mnist }\nmodel: { architecture: resnet, depth: 8 }\nmethod: { name: basic }\n";
    private readonly TemporaryDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private void Write(string relativePath, string text)
    {
        var path = temp.Combine(relativePath.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static string Slashed(string? path) => path?.Replace('\\', '/') ?? "(not found)";

    [Theory]
    [InlineData("fashion-mnist-resnet8-isda", "experiments/fashion-mnist-resnet8-isda.yaml")]
    [InlineData("cifar10-resnet110-baseline-focal", "experiments/cifar10/resnet110/baseline.yaml")]
    public void An_experiment_of_the_repository_is_found_in_its_spec_file(string experiment, string file)
    {
        Assert.EndsWith(file, Slashed(SpecFiles.Locate(experiment)));
    }

    [Fact]
    public void Every_experiment_of_the_catalog_has_a_spec_file()
    {
        Assert.All(CatalogSpecs.Names, name => Assert.NotNull(SpecFiles.Locate(name)));
    }

    [Fact]
    public void Specs_are_indexed_by_the_names_the_build_gives_them()
    {
        Write("plain.yaml", Spec);
        Write("named.yaml", "name: custom\n" + Spec);
        Write("cifar/swept.yaml", Spec + "matrix: { training.seed: [1, 2] }\n");
        Write("cifar/extending.yaml", "extends: ../base/common.yaml\nmethod: { name: basic }\n");
        Write("base/common.yaml", "data: { name: fashion-mnist }\nmodel: { architecture: resnet, depth: 8 }\n");
        Write("broken.yaml", "data: [\n");
        Write("bin/Release/copied.yaml", Spec);
        Write("obj/copied.yaml", Spec);

        var index = SpecFiles.Index(temp.Path).ToDictionary(e => e.Key, e => Path.GetRelativePath(temp.Path, e.Value).Replace('\\', '/'));

        Assert.Equal(new Dictionary<string, string>
        {
            ["plain"] = "plain.yaml",
            ["custom"] = "named.yaml",
            ["named"] = "named.yaml",
            ["cifar-swept-seed-1"] = "cifar/swept.yaml",
            ["cifar-swept-seed-2"] = "cifar/swept.yaml",
            ["cifar-swept"] = "cifar/swept.yaml",
            ["cifar-extending"] = "cifar/extending.yaml",
            ["broken"] = "broken.yaml",
        }, index);
    }
}
