using IsdaDsl.Spec;

namespace IsdaDsl.Tests.Generator;

/// <summary>`isda show` prints <see cref="SpecWriter"/>'s YAML: it must read back as the very same experiment.</summary>
public sealed class SpecWriterTests
{
    public static TheoryData<string, string> Specs()
    {
        var data = new TheoryData<string, string>();
        foreach (var (path, text) in RepositoryRoot.ExperimentSpecs())
            data.Add(path, text);
        // A base is no experiment of its own: it is written out as part of the fixtures that extend it.
        foreach (var fixture in GeneratorHarness.Fixtures().Where(f => !f.Path.StartsWith("base/", StringComparison.Ordinal)))
            data.Add(fixture.Path, fixture.Text);
        data.Add("quoted-and-diagonal.yaml",
            "name: \"0.5\"\ndata: { name: cifar100, root: /data/cifar 100, cutout: 16 }\nmethod: { name: isda, lambda0: 0.25, covariance: diagonal }\n" +
            "optimizer: { weight_decay: 1e-5 }\nschedule: { kind: multistep, milestones: [60, 120, 160], factor: 0.2 }\ntraining: { epochs: 200 }\n");
        data.Add("imagenet.yaml",
            "data: { name: imagenet, root: /data/imagenet }\nmodel: { architecture: imagenet-resnext, variant: 101-32x8d }\n" +
            "training: { epochs: 120, batch_size: 256, runs: 2 }\nschedule: { milestones: [30, 60, 90] }\nmethod: { name: isda, covariance: diagonal }\n" +
            "evaluation: { report: final, paper_error: 20.8 }\n");
        // Every component, each choice parameter at its last choice (the rest are defaults, written out all the same).
        foreach (var (kind, nameKey, components) in new[] { ("model", "architecture", SpecSchema.Architectures), ("method", "name", SpecSchema.Methods) })
        {
            foreach (var (name, rules) in components)
            {
                var choices = rules.Where(r => r.Kind == ValueKind.Choice).Select(r => $", {r.Key}: {r.Choices[^1]}");
                // A reference names any experiment: whether it exists is the build's cross-file check, not the reader's.
                var references = rules.Where(r => r.Kind == ValueKind.Experiment).Select(r => $", {r.Key}: some-{r.ReferencedKind}");
                data.Add($"{kind}-{name}.yaml", $"{kind}: {{ {nameKey}: {name}{string.Concat(choices)}{string.Concat(references)} }}\n");
            }
        }
        // Every GAN objective, each choice parameter at its last choice, with a root and the training written out.
        foreach (var (name, rules) in SpecSchema.Gans)
        {
            var choices = rules.Where(r => r.Kind == ValueKind.Choice).Select(r => $", {r.Key}: {r.Choices[^1]}");
            data.Add($"gan-{name}.yaml", $"kind: gan\ndata: {{ name: cifar10, root: /data/cifar }}\ngan: {{ name: {name}{string.Concat(choices)} }}\ntraining: {{ epochs: 2, batch_size: 2, seed: 3, runs: 2 }}\n");
        }
        data.Add("gan-defaults.yaml", "kind: gan\n");
        return data;
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void Written_yaml_reads_back_as_the_same_experiment(string path, string text)
    {
        // Among the fixtures and the repository's files, so a spec's bases are found; each experiment (one per matrix
        // combination) is written alone.
        var read = GeneratorHarness.Read(path, [.. GeneratorHarness.Fixtures().Concat(RepositoryRoot.ExperimentFiles()).Where(f => f.Path != path), (path, text)]);
        Assert.Empty(read.Problems);
        Assert.NotEmpty(read.Experiments);

        foreach (var spec in read.Experiments)
        {
            var written = SpecWriter.Write(spec);
            var readAgain = SpecReader.Read(written, path);

            Assert.Empty(readAgain.Problems);
            var again = Assert.Single(readAgain.Experiments);
            // Positions differ (the written file has its own layout, with no extends); every value must not.
            Assert.Equal(WithoutPositions(spec), WithoutPositions(again));
        }
    }

    [Fact]
    public void Every_default_is_written_out()
    {
        var spec = Assert.Single(SpecReader.Read("method: { name: isda }\n", "minimal.yaml").Experiments);
        var written = SpecWriter.Write(spec);
        Assert.Contains("name: minimal\n", written);
        Assert.Contains("training: { epochs: 160, batch_size: 128, seed: 0, runs: 1 }", written);
        Assert.Contains("method: { name: isda, lambda0: 0.5, covariance: full, dropout: 0 }", written);
        Assert.Contains("evaluation: { report: last10, paper_error: null }", written);
    }

    [Fact]
    public void A_gan_spec_is_written_with_its_own_sections_only()
    {
        var spec = Assert.Single(SpecReader.Read("kind: gan\ngan: { name: wgan, lr: 1e-4 }\n", "minimal-gan.yaml").Experiments);
        var written = SpecWriter.Write(spec);
        Assert.Equal(
            "name: minimal-gan\nkind: gan\ndata: { name: cifar10, root: null }\n" +
            "gan: { name: wgan, noise_dim: 100, generator_width: 64, critic_width: 64, conditioning: per-class, critic_steps: 5, warmup_critic_steps: 100, warmup_generator_steps: 25, warmup_every: 500, clip: 0.01, lr: 0.0001 }\n" +
            "training: { epochs: 25, batch_size: 64, seed: 0, runs: 1 }\n",
            written);
    }

    private static ExperimentSpec WithoutPositions(ExperimentSpec spec) => spec with
    {
        NameSpan = SourceSpan.FileStart,
        Model = spec.Model with { NameSpan = SourceSpan.FileStart, InheritedFrom = null },
        Method = spec.Method with { NameSpan = SourceSpan.FileStart, InheritedFrom = null },
        Gan = spec.Gan is null ? null : spec.Gan with { NameSpan = SourceSpan.FileStart, InheritedFrom = null },
        References = new(spec.References.Select(r => r with { Span = SourceSpan.FileStart })),
    };
}
