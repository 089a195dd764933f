using IsdaDsl.Generator;
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
    public void Editing_one_spec_reruns_only_that_spec()
    {
        var compilation = GeneratorHarness.Compilation("class Placeholder { }");
        var texts = TwoSpecs.Select(s => new InMemoryAdditionalText(s.Item1, s.Item2)).ToList();
        var driver = GeneratorHarness.Driver(texts).RunGenerators(compilation);
        var oldB = texts[1];

        var second = driver
            .ReplaceAdditionalText(oldB, new InMemoryAdditionalText(oldB.Path, "name: b\ntraining: { epochs: 5 }\nschedule: { kind: cosine }\n"))
            .RunGenerators(compilation)
            .GetRunResult();

        var models = second.Results[0].TrackedSteps[TrackingNames.Models].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.Equal(1, models.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, models.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
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
