using Microsoft.CodeAnalysis;

namespace IsdaDsl.Tests.Generator;

/// <summary>The generated code compiles against the runtime assembly with no warning.</summary>
public sealed class GeneratedCodeCompilesTests
{
    [Fact]
    public void Fixtures_and_every_repository_spec_compile_together_without_warnings()
    {
        var specs = RepositoryRoot.ExperimentSpecs()
            .Select(p => (Path.GetFileName(p), File.ReadAllText(p)))
            .Append(("cifar10/" + GeneratorHarness.Fixture("cifar10-resnet32-multistep.yaml").Path, GeneratorHarness.Fixture("cifar10-resnet32-multistep.yaml").Text))
            .Append(("sweeps/sweep.yaml", GeneratorHarness.Fixture("cifar10-isda-sweep.yaml").Text))
            .Append(("sweeps/base/cifar10-sgd.yaml", GeneratorHarness.Fixture("base/cifar10-sgd.yaml").Text))
            .ToArray();

        var compilation = GeneratorHarness.CompileWithOutput("class Placeholder { }", specs);

        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        // One class per plain spec, four for the sweep's matrix, none for its base; the catalog; the placeholder.
        Assert.Equal(specs.Length - 2 + 4 + 2, compilation.SyntaxTrees.Count());
    }
}
