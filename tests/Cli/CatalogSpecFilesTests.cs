using IsdaDsl.Experiments.Generated;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Tests.Generator;

namespace IsdaDsl.Tests.Cli;

/// <summary>The generated catalog records the spec file of each experiment, so a problem is located there without reading the sources again.</summary>
public sealed class CatalogSpecFilesTests
{
    [Theory]
    [InlineData("fashion-mnist-resnet8-isda", "experiments/fashion-mnist-resnet8-isda.yaml")]
    [InlineData("cifar10-resnet110-baseline-focal", "experiments/cifar10/resnet110/baseline.yaml")]
    public void An_experiment_names_the_file_that_defines_it(string experiment, string file) =>
        Assert.Equal(file, SpecCatalog.Generated.Entry(experiment).SpecPath);

    [Fact]
    public void Every_experiment_of_the_catalog_names_an_existing_spec_file()
    {
        Assert.Equal(ExperimentCatalog.ResolvedYaml.Keys.Order(), ExperimentCatalog.SpecFiles.Keys.Order());
        Assert.All(SpecCatalog.Generated.Names, name =>
            Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, SpecCatalog.Generated.Entry(name).SpecPath!)), name));
    }
}
