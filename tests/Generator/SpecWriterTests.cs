using IsdaDsl.Generator.Spec;

namespace IsdaDsl.Tests.Generator;

/// <summary>`isda show` prints <see cref="SpecWriter"/>'s YAML: it must read back as the very same experiment.</summary>
public sealed class SpecWriterTests
{
    public static TheoryData<string, string> Specs()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in RepositoryRoot.ExperimentSpecs())
            data.Add(Path.GetFileName(path), File.ReadAllText(path));
        var (fixture, text) = GeneratorHarness.Fixture("cifar10-resnet32-multistep.yaml");
        data.Add(fixture, text);
        data.Add("quoted-and-diagonal.yaml",
            "name: \"run 1: λ sweep\"\ndata: { name: cifar100, root: /data/cifar 100, cutout: 16 }\nmethod: { name: isda, lambda0: 0.25, covariance: diagonal }\n" +
            "optimizer: { weight_decay: 1e-5 }\nschedule: { kind: multistep, milestones: [60, 120, 160], factor: 0.2 }\ntraining: { epochs: 200 }\n");
        return data;
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Written_yaml_reads_back_as_the_same_experiment(string path, string text)
    {
        var read = SpecReader.Read(text, path);
        Assert.Empty(read.Problems);
        var spec = Assert.Single(read.Experiments);

        var written = SpecWriter.Write(spec);
        var readAgain = SpecReader.Read(written, path);

        Assert.Empty(readAgain.Problems);
        var again = Assert.Single(readAgain.Experiments);
        // Positions differ (the written file has its own layout); every value must not.
        Assert.Equal(spec with { NameSpan = again.NameSpan }, again);
    }

    [Fact]
    public void Every_default_is_written_out()
    {
        var spec = Assert.Single(SpecReader.Read("method: { name: isda }\n", "experiments/minimal.yaml").Experiments);
        var written = SpecWriter.Write(spec);
        Assert.Contains("name: minimal\n", written);
        Assert.Contains("training: { epochs: 160, batch_size: 128, seed: 0 }", written);
        Assert.Contains("method: { name: isda, lambda0: 0.5, covariance: full }", written);
    }
}
