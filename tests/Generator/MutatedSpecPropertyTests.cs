using CsCheck;
using IsdaDsl.Generator.Spec;

namespace IsdaDsl.Tests.Generator;

/// <summary>The generator never throws: mutated specs give ISDA diagnostics or code, never an exception (AD0001/CS8785).</summary>
public sealed class MutatedSpecPropertyTests
{
    private static readonly string[] Seeds =
    [
        .. GeneratorHarness.Fixtures().Select(f => f.Text),
        .. RepositoryRoot.ExperimentSpecs().Select(File.ReadAllText),
    ];

    // Syntax, edge values, and the vocabulary (keys and names) so that mutations reach every component's rules.
    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", ":", "- ", "&a", "*a", "!!int", "\"", "'", "\t", "\n", "~", "null", "-1", "0", "1", "0.5", "1e999", "true", "[1, 2]", "{ x: 1 }",
        .. SpecSchema.Sections, .. SpecSchema.DataKeys, .. SpecSchema.TrainingKeys, .. SpecSchema.OptimizerKeys, .. SpecSchema.ScheduleKeys, .. SpecSchema.EvaluationKeys,
        .. SpecSchema.DatasetNames, .. SpecSchema.Augmentations, "architecture",
        .. Vocabulary(SpecSchema.Architectures), .. Vocabulary(SpecSchema.Methods),
    ];

    private static readonly Gen<string> MutatedSpec =
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Select(Gen.Int[0, 4], Gen.Int[0, 10_000], Gen.Int[0, 10_000], Gen.Int[0, Fragments.Length - 1]).Array[1, 4])
            .Select(t => t.Item2.Aggregate(Seeds[t.Item1], (text, m) => Mutate(text, m.Item1, m.Item2, m.Item3, Fragments[m.Item4])));

    [Fact]
    public void Mutated_specs_give_diagnostics_never_exceptions()
    {
        MutatedSpec.Sample(yaml =>
        {
            var run = GeneratorHarness.Run(("spec.yaml", yaml));
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
