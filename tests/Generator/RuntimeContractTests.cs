using IsdaDsl.Spec;
using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Runtime.Methods;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Tests.Gan;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Generator;

/// <summary>
/// The generated settings pass every resolved parameter to the runtime, which rejects parameters it does not read:
/// for each component the runtime implements, it must accept what the DSL passes.
/// </summary>
public sealed class RuntimeContractTests
{
    [Fact]
    public void The_runtime_accepts_the_resolved_parameters_of_every_architecture_it_implements()
    {
        foreach (var name in ArchitectureCatalog.Names)
        {
            var model = Resolve($"model: {{ architecture: {name} }}\n").Model;

            using var network = ArchitectureCatalog.Create(name, AsPassed("architecture", model), new InputShape(3, 32, 32), 10);
        }
    }

    [Fact]
    public void The_runtime_accepts_the_resolved_parameters_of_every_method_it_implements()
    {
        foreach (var name in MethodCatalog.Names)
        {
            // A reference needs a name; which experiment it names is the build's cross-file check.
            var references = SpecSchema.Methods[name].Where(r => r.Kind == ValueKind.Experiment).Select(r => $", {r.Key}: some-{r.ReferencedKind}");
            var method = Resolve($"method: {{ name: {name}{string.Concat(references)} }}\n").Method;

            using var generators = new TemporaryDirectory();
            using var created = MethodCatalog.Create(name, AsPassed("method", method), TestGenerators.Context(10, 16, new InputShape(3, 32, 32), generators.Path));
        }
    }

    private static ExperimentSpec Resolve(string yaml)
    {
        var read = SpecReader.Read(yaml, "spec.yaml");
        Assert.Empty(read.Problems);
        return Assert.Single(read.Experiments);
    }

    /// <summary>As the generated ToTrainingSettings passes them: every parameter, as its canonical text.</summary>
    private static Parameters AsPassed(string kind, ComponentSpec component) =>
        kind == "method"
            ? Parameters.ForMethod(component.Name, component.Parameters.ToDictionary(p => p.Key, p => p.Text))
            : Parameters.ForArchitecture(component.Name, component.Parameters.ToDictionary(p => p.Key, p => p.Text));
}
