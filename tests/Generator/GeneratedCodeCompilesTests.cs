using Microsoft.CodeAnalysis;

namespace IsdaDsl.Tests.Generator;

/// <summary>The generated code compiles against the runtime assembly with no warning.</summary>
public sealed class GeneratedCodeCompilesTests
{
    [Fact]
    public void Fixtures_and_every_repository_spec_compile_together_without_warnings()
    {
        var repository = RepositoryRoot.ExperimentFiles();
        var fixtures = GeneratorHarness.Fixtures().Select(f => ("fixtures/" + f.Path, f.Text)).ToList();
        var specs = repository.Concat(fixtures).ToArray();

        var compilation = GeneratorHarness.CompileWithOutput("class Placeholder { }", specs);

        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        // One class per repository experiment (none for a base); per fixture one, four for the sweep's matrix, none
        // for its base; the catalog; the placeholder.
        Assert.Equal(RepositoryRoot.ExperimentSpecs().Count() + fixtures.Count - 2 + 4 + 2, compilation.SyntaxTrees.Count());
    }
}
