using CsCheck;

namespace IsdaDsl.Tests.Generator;

/// <summary>
/// The generator never throws: mutated specs, and the mutated base they may extend, give ISDA diagnostics or code,
/// never an exception (AD0001/CS8785).
/// </summary>
public sealed class MutatedSpecPropertyTests
{
    private static readonly string[] SpecSeeds =
    [
        GeneratorHarness.Fixture("cifar10-resnet32-multistep.yaml").Text,
        GeneratorHarness.Fixture("cifar10-isda-sweep.yaml").Text.Replace("base/cifar10-sgd.yaml", "base/common.yaml"),
        .. RepositoryRoot.ExperimentSpecs().Select(File.ReadAllText),
        "extends: base/common.yaml\nname: derived\ntraining: { epochs: 20 }\n",
        "extends: [base/common.yaml, missing.yaml]\nmethod: { name: isda }\n",
        "extends: loop.yaml\noptimizer: { lr: 0.2 }\n",
        "extends: [./base/common.yaml]\nmatrix:\n  method: [{ name: basic }, { name: isda, lambda0: 0.1 }]\n  training.seed: [0, 1]\n",
        "matrix:\n  method.lambda0: [0.1, 0.5]\n  schedule.milestones: [[10, 20], [30]]\nmethod: { name: isda }\n",
    ];

    /// <summary>The base every spec seed may extend; one closes a cycle through loop.yaml, which extends the spec.</summary>
    private static readonly string[] BaseSeeds =
    [
        "model: { depth: 20 }\ntraining: { epochs: 20 }\nschedule: { milestones: [10, 15] }\nmethod: { lambda0: 0.5 }\n",
        "extends: ../loop.yaml\noptimizer: { lr: 0.05 }\nmatrix: { training.seed: [1, 2] }\n",
    ];

    private static readonly string[] Fragments =
    [
        "lr", "depth", "lambda0", "milestones", "kind", "name", "{", "}", "[", "]", ":", "- ", "&a", "*a", "!!int", "\"", "'", "\t", "\n", "~", "null", "-1",
        "1e999", "true", "[1, 2]", "{ x: 1 }", "extends", "matrix", "base/common.yaml", "loop.yaml", "spec.yaml", "../", "method.lambda0", "training.seed: [0, 1]",
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
