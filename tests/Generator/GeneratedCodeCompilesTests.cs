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
            .Concat(GeneratorHarness.Fixtures().Select(f => ("cifar10/" + f.Path, f.Text)))
            .ToArray();

        var compilation = GeneratorHarness.CompileWithOutput("class Placeholder { }", specs);

        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        // One class per plain spec, four for the sweep's matrix, none for its base; the catalog; the placeholder.
        Assert.Equal(specs.Length - 2 + 4 + 2, compilation.SyntaxTrees.Count());
    }
}
