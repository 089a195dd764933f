using CsCheck;
using IsdaDsl.Spec;

namespace IsdaDsl.Tests.Generator;

/// <summary>
/// The generator never throws: mutated specs, and the mutated base they may extend, give ISDA diagnostics or code,
/// never an exception (AD0001/CS8785).
/// </summary>
public sealed class MutatedSpecPropertyTests
{
    private static readonly string[] SpecSeeds =
    [
        // The fixtures that are experiments, extending the mutated base where one extends a base fixture.
        .. GeneratorHarness.Fixtures().Where(f => !f.Path.StartsWith("base/", StringComparison.Ordinal)).Select(f => f.Text.Replace("base/cifar10-sgd.yaml", "base/common.yaml")),
        .. RepositoryRoot.ExperimentSpecs().Select(f => f.Text),
        "extends: base/common.yaml\nname: derived\ntraining: { epochs: 20 }\n",
        "extends: [base/common.yaml, missing.yaml]\nmethod: { name: isda }\n",
        "extends: loop.yaml\noptimizer: { lr: 0.2 }\n",
        "extends: [./base/common.yaml]\nmatrix:\n  method: [{ name: basic }, { name: isda, lambda0: 0.1 }]\n  training.seed: [0, 1]\n",
        "matrix:\n  method.lambda0: [0.1, 0.5]\n  schedule.milestones: [[10, 20], [30]]\nmethod: { name: isda }\n",
        "extends: base/common.yaml\ndata: { name: imagenet }\nmodel: { architecture: wide-resnet, depth: ~, widen_factor: 8 }\nmethod: { name: focal, lambda0: ~, gamma: 2 }\n",
        "extends: base/common.yaml\nmatrix:\n  model: [{ architecture: densenet-bc, depth: 100 }, { architecture: pyramidnet, depth: 110, alpha: 48 }]\n  data.name: [cifar10, fashion-mnist]\n",
    ];

    /// <summary>The base every spec seed may extend; one closes a cycle through loop.yaml, which extends the spec.</summary>
    private static readonly string[] BaseSeeds =
    [
        "model: { depth: 20 }\ntraining: { epochs: 20 }\nschedule: { milestones: [10, 15] }\nmethod: { lambda0: 0.5 }\n",
        "extends: ../loop.yaml\noptimizer: { lr: 0.05 }\nmatrix: { training.seed: [1, 2] }\n",
        .. GeneratorHarness.Fixtures().Where(f => f.Path.StartsWith("base/", StringComparison.Ordinal)).Select(f => f.Text),
        // The newer vocabulary left open to extenders: a depth only some architectures take, a cutout only ImageNet's images fit.
        "data: { augmentation: autoaugment, cutout: 100 }\nmodel: { depth: 28, dropout: 0.3 }\nmethod: { rate: 0.1 }\ntraining: { runs: 2 }\nevaluation: { paper_error: 5 }\n",
    ];

    // Syntax, edge values, and the vocabulary (keys and names) so that mutations reach every component's rules.
    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", ":", "- ", "&a", "*a", "!!int", "\"", "'", "\t", "\n", "~", "null", "-1", "0", "1", "0.5", "1e999", "true", "[1, 2]", "{ x: 1 }",
        .. SpecSchema.Sections, .. SpecSchema.DataKeys, .. SpecSchema.TrainingKeys, .. SpecSchema.OptimizerKeys, .. SpecSchema.ScheduleKeys, .. SpecSchema.EvaluationKeys,
        .. SpecSchema.DatasetNames, .. SpecSchema.Augmentations, "architecture",
        .. Vocabulary(SpecSchema.Architectures), .. Vocabulary(SpecSchema.Methods),
        // extends and matrix: paths (a base, a cycle, the spec itself, a parent) and axes.
        "base/common.yaml", "loop.yaml", "spec.yaml", "../", "method.lambda0", "model.depth", "data.name", "training.seed: [0, 1]",
    ];

    private static Gen<string> Mutated(string[] seeds) =>
        Gen.Select(Gen.Int[0, seeds.Length - 1], Gen.Select(Gen.Int[0, 4], Gen.Int[0, 10_000], Gen.Int[0, 10_000], Gen.Int[0, Fragments.Length - 1]).Array[0, 4])
            .Select(t => t.Item2.Aggregate(seeds[t.Item1], (text, m) => Mutate(text, m.Item1, m.Item2, m.Item3, Fragments[m.Item4])));

    [Fact]
    public void Mutated_specs_give_diagnostics_never_exceptions()
    {
        Gen.Select(Mutated(SpecSeeds), Mutated(BaseSeeds)).Sample((spec, common) =>
        {
            var run = GeneratorHarness.Run(("spec.yaml", spec), ("base/common.yaml", common), ("loop.yaml", "extends: spec.yaml\ntraining: { seed: 1 }\n"));
            var result = Assert.Single(run.Results);
            Assert.Null(result.Exception);
            Assert.All(run.Diagnostics, d => Assert.StartsWith("ISDA", d.Id));
            Assert.DoesNotContain(run.Diagnostics, d => d.Id == "ISDA008");
        }, iter: 2000);
    }

    /// <summary>Component names, their parameter keys and choices.</summary>
    private static IEnumerable<string> Vocabulary(IReadOnlyDictionary<string, IReadOnlyList<ParameterRule>> components) =>
        components.Keys.Concat(components.Values.SelectMany(rules => rules.SelectMany(r => r.Choices.Prepend(r.Key)))).Distinct();

    /// <summary>Deletes a line, truncates, swaps two lines' values, inserts a fragment, or adds a random key.</summary>
    private static string Mutate(string text, int kind, int a, int b, string fragment)
    {
        var lines = text.Split('\n').ToList();
        switch (kind)
        {
            case 0:
                lines.RemoveAt(a % lines.Count);
                return string.Join("\n", lines);
            case 1:
                return text.Substring(0, a % (text.Length + 1));
            case 2:
            {
                int i = a % lines.Count, j = b % lines.Count;
                int ci = lines[i].IndexOf(':'), cj = lines[j].IndexOf(':');
                if (ci < 0 || cj < 0)
                    return text;
                (lines[i], lines[j]) = (lines[i][..ci] + lines[j][cj..], lines[j][..cj] + lines[i][ci..]);
                return string.Join("\n", lines);
            }
            case 3:
            {
                var at = a % (text.Length + 1);
                return text[..at] + fragment + text[at..];
            }
            default:
                lines.Insert(a % (lines.Count + 1), (b % 2 == 0 ? "  " : "") + fragment.Trim() + "_key: " + fragment);
                return string.Join("\n", lines);
        }
    }
}
