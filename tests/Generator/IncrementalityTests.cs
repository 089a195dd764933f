using IsdaDsl.Generator;
using IsdaDsl.Generator.Pipeline;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace IsdaDsl.Tests.Generator;

/// <summary>Tracked steps are cached across runs that do not touch a spec, and only the edited spec re-runs.</summary>
public sealed class IncrementalityTests
{
    private static readonly string[] Steps =
    [
        TrackingNames.ProjectDir, TrackingNames.ParsedSpecs, TrackingNames.Library, TrackingNames.Specs,
        TrackingNames.Models, TrackingNames.Diagnostics, TrackingNames.AllModels,
        TrackingNames.Runtime, TrackingNames.RuntimeCheck,
    ];

    private static readonly (string, string)[] TwoSpecs =
    [
        (GeneratorHarness.ProjectDir + "a.yaml", "name: a\nmethod: { name: isda }\n"),
        (GeneratorHarness.ProjectDir + "b.yaml", "name: b\n"),
    ];

    [Fact]
    public void An_unrelated_csharp_edit_leaves_every_tracked_step_cached()
    {
        var compilation = GeneratorHarness.Compilation("class Placeholder { }");
        var driver = GeneratorHarness.Driver(TwoSpecs).RunGenerators(compilation);
        var first = driver.GetRunResult();

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { }", new CSharpParseOptions(LanguageVersion.Latest)));
        var second = driver.RunGenerators(edited).GetRunResult();

        foreach (var step in Steps)
        {
            var outputs = second.Results[0].TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {o.Reason}"));
        }
        Assert.All(second.Results[0].TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(first.GeneratedTrees.Select(t => t.ToString()), second.GeneratedTrees.Select(t => t.ToString()));
    }

    [Fact]
    public void Editing_one_spec_reemits_only_its_experiments_and_the_catalog()
    {
        var reasons = ModelsAfterEdit(TwoSpecs, "b.yaml", "name: b\ntraining: { epochs: 5 }\nschedule: { kind: cosine }\n");

        Assert.Equal(IncrementalStepRunReason.Modified, reasons.Models["b"]);
        Assert.True(reasons.Models["a"] is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"a: {reasons.Models["a"]}");
        Assert.Equal(IncrementalStepRunReason.Modified, reasons.Catalog);
    }

    [Fact]
    public void Editing_a_base_reemits_exactly_the_specs_that_extend_it()
    {
        (string, string)[] specs =
        [
            (GeneratorHarness.ProjectDir + "base/short.yaml", "training: { epochs: 10 }\nschedule: { kind: cosine }\n"),
            (GeneratorHarness.ProjectDir + "direct.yaml", "extends: base/short.yaml\n"),
            (GeneratorHarness.ProjectDir + "sweep.yaml", "extends: [base/short.yaml]\nmatrix: { training.seed: [0, 1] }\n"),
            (GeneratorHarness.ProjectDir + "through.yaml", "extends: direct.yaml\nname: through\n"),
            (GeneratorHarness.ProjectDir + "plain.yaml", "method: { name: isda }\n"),
            (GeneratorHarness.ProjectDir + "other.yaml", "extends: plain.yaml\n"),
        ];

        var reasons = ModelsAfterEdit(specs, "base/short.yaml", "training: { epochs: 12 }\nschedule: { kind: cosine }\n");

        var reemitted = reasons.Models.Where(m => m.Value == IncrementalStepRunReason.Modified).Select(m => m.Key).Order(StringComparer.Ordinal);
        Assert.Equal(["direct", "sweep-seed-0", "sweep-seed-1", "through"], reemitted);
        Assert.All(["plain", "other"], name => Assert.True(reasons.Models[name] is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {reasons.Models[name]}"));
    }

    /// <summary>Runs over <paramref name="specs"/>, replaces one, runs again: each model's reason and the catalog's.</summary>
    private static (Dictionary<string, IncrementalStepRunReason> Models, IncrementalStepRunReason Catalog) ModelsAfterEdit(
        (string, string)[] specs, string edited, string text)
    {
        var compilation = GeneratorHarness.Compilation("class Placeholder { }");
        var texts = specs.Select(s => new InMemoryAdditionalText(s.Item1, s.Item2)).ToList();
        var driver = GeneratorHarness.Driver(texts).RunGenerators(compilation);
        var old = texts.Single(t => t.Path == GeneratorHarness.ProjectDir + edited);

        var second = driver.ReplaceAdditionalText(old, new InMemoryAdditionalText(old.Path, text)).RunGenerators(compilation).GetRunResult();

        var steps = second.Results[0].TrackedSteps;
        var models = steps[TrackingNames.Models].SelectMany(s => s.Outputs).ToDictionary(o => ((ExperimentModel)o.Value).Spec.Name, o => o.Reason);
        return (models, steps[TrackingNames.AllModels].SelectMany(s => s.Outputs).Single().Reason);
    }

    [Fact]
    public void Pipeline_values_hold_no_compiler_objects()
    {
        var result = GeneratorHarness.Driver(TwoSpecs).RunGenerators(GeneratorHarness.Compilation("class Placeholder { }")).GetRunResult();

        foreach (var step in Steps)
        {
            foreach (var (value, _) in result.Results[0].TrackedSteps[step].SelectMany(s => s.Outputs))
                AssertNoCompilerObjects(value, new HashSet<object>(ReferenceEqualityComparer.Instance));
        }
    }

    /// <summary>Walks public properties and enumerables; a Roslyn type anywhere would defeat caching.</summary>
    private static void AssertNoCompilerObjects(object? value, HashSet<object> seen)
    {
        if (value is null or string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
            return;
        var type = value.GetType();
        Assert.False(type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) ?? false, $"{type} in the pipeline");
        if (value is System.Collections.IEnumerable items)
        {
            foreach (var item in items)
                AssertNoCompilerObjects(item, seen);
            return;
        }
        foreach (var property in type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
            AssertNoCompilerObjects(property.GetValue(value), seen);
    }
}
