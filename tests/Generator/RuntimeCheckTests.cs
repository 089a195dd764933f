using System.Xml.Linq;
using IsdaDsl.Generator.Pipeline;
using IsdaDsl.Runtime.Methods;
using IsdaDsl.Runtime.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace IsdaDsl.Tests.Generator;

/// <summary>ISDA011: a name the DSL knows but the referenced runtime does not implement is a warning, and only that.</summary>
public sealed class RuntimeCheckTests
{
    /// <summary>Every reference but the real runtime, so a fake one can stand in for it.</summary>
    internal static readonly MetadataReference[] WithoutRuntime =
        [.. GeneratorHarness.References.Where(r => Path.GetFileName(r.Display) != "IsdaDsl.Runtime.dll")];

    /// <summary>A runtime that implements architecture resnet and method basic, as internal nested factories like the real one.</summary>
    private static readonly MetadataReference FakeRuntime = Compile("""
        namespace IsdaDsl.Runtime.Models
        {
            [System.AttributeUsage(System.AttributeTargets.Class)]
            public sealed class ArchitectureAttribute(string name) : System.Attribute { public string Name { get; } = name; }
        }
        namespace IsdaDsl.Runtime.Methods
        {
            [System.AttributeUsage(System.AttributeTargets.Class)]
            public sealed class TrainingMethodAttribute(string name) : System.Attribute { public string Name { get; } = name; }
        }
        namespace Fake
        {
            public sealed class Network
            {
                [IsdaDsl.Runtime.Models.Architecture("resnet")]
                internal sealed class Factory { }
            }

            [IsdaDsl.Runtime.Methods.TrainingMethod("basic")]
            internal sealed class CrossEntropy { }
        }
        """);

    [Fact]
    public void An_architecture_the_runtime_lacks_is_a_warning_at_its_name_and_the_experiment_is_still_generated()
    {
        var result = GeneratorHarness.Run([.. WithoutRuntime, FakeRuntime], ("spec.yaml", "name: wrn\nmodel:\n  architecture: wide-resnet\n"));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("ISDA011", DiagnosticSeverity.Warning), (diagnostic.Id, diagnostic.Severity));
        Assert.Equal(new LinePosition(2, 16), diagnostic.Location.GetLineSpan().StartLinePosition);
        Assert.Equal(
            "architecture 'wide-resnet' is part of the DSL but not implemented by the referenced runtime (implemented: resnet); " +
            "the experiment is generated and listed, but running it fails until the runtime has it",
            diagnostic.GetMessage());
        Assert.Contains(result.GeneratedTrees, t => t.ToString().Contains("public static partial class Wrn"));
        Assert.Contains(result.GeneratedTrees, t => t.ToString().Contains("[\"wrn\"] = global::IsdaDsl.Experiments.Generated.Wrn.ToTrainingSettings"));
    }

    [Fact]
    public void A_method_the_runtime_lacks_is_a_warning_at_its_name()
    {
        var result = GeneratorHarness.Run([.. WithoutRuntime, FakeRuntime], ("spec.yaml", "method: { name: focal, gamma: 2 }\n"));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("ISDA011", diagnostic.Id);
        Assert.Equal(new LinePosition(0, 16), diagnostic.Location.GetLineSpan().StartLinePosition);
        Assert.StartsWith("method 'focal' is part of the DSL but not implemented by the referenced runtime (implemented: basic);", diagnostic.GetMessage());
    }

    [Fact]
    public void A_name_from_a_base_is_a_warning_at_the_extends_entry_saying_where_the_base_writes_it()
    {
        var result = GeneratorHarness.Run([.. WithoutRuntime, FakeRuntime],
            ("base/focal.yaml", "training: { epochs: 200 }\nmethod: { name: focal }\n"),
            ("cifar/spec.yaml", "name: s\nextends: ../base/focal.yaml\n"));

        // The base is no experiment, so it is not checked itself: the spec that uses the name is.
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("ISDA011", diagnostic.Id);
        var position = diagnostic.Location.GetLineSpan();
        Assert.Equal((GeneratorHarness.ProjectDir + "cifar/spec.yaml", new LinePosition(1, 9)), (position.Path, position.StartLinePosition));
        Assert.StartsWith("through ../base/focal.yaml(2,17): method 'focal' is part of the DSL but not implemented by the referenced runtime", diagnostic.GetMessage());
    }

    [Fact]
    public void Every_matrix_combination_is_checked_and_a_name_shared_by_several_is_warned_once()
    {
        var result = GeneratorHarness.Run([.. WithoutRuntime, FakeRuntime],
            ("base/wrn.yaml", "model: { architecture: wide-resnet }\n"),
            ("sweep.yaml", "name: m\nextends: base/wrn.yaml\nmatrix:\n  method: [{ name: basic }, { name: focal }, { name: lq }]\n  training.seed: [0, 1]\n"));

        var diagnostics = result.Diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.All(diagnostics, d => Assert.Equal("ISDA011", d.Id));
        Assert.Equal(
            [
                (new LinePosition(1, 9), "through base/wrn.yaml(1,24): architecture 'wide-resnet'"),
                (new LinePosition(3, 36), "method 'focal'"),
                (new LinePosition(3, 53), "method 'lq'"),
            ],
            diagnostics.Select(d => (d.Location.GetLineSpan().StartLinePosition, d.GetMessage()[..d.GetMessage().IndexOf(" is part", StringComparison.Ordinal)])));
        Assert.Equal(6, result.GeneratedTrees.Count(t => t.ToString().Contains("public static partial class M")));
    }

    [Fact]
    public void Names_the_runtime_implements_give_no_warning()
    {
        var result = GeneratorHarness.Run([.. WithoutRuntime, FakeRuntime], ("spec.yaml", "model: { architecture: resnet }\nmethod: { name: basic }\n"));

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Without_a_runtime_reference_nothing_is_checked()
    {
        var result = GeneratorHarness.Run(WithoutRuntime, ("spec.yaml", "model: { architecture: wide-resnet }\nmethod: { name: focal }\n"));

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void The_names_read_from_the_real_runtime_are_those_its_catalogs_discover_and_all_are_in_the_dsl()
    {
        var runtime = RuntimeImplementations.Read(GeneratorHarness.Compilation("class Placeholder { }"), CancellationToken.None);

        Assert.Equal(ArchitectureCatalog.Names, runtime.Architectures!.Value.Select(c => c.Name));
        Assert.Equal(MethodCatalog.Names, runtime.Methods!.Value.Select(c => c.Name));
        Assert.All(ArchitectureCatalog.Names, name => Assert.Contains(name, IsdaDsl.Spec.SpecSchema.Architectures.Keys));
        Assert.All(MethodCatalog.Names, name => Assert.Contains(name, IsdaDsl.Spec.SpecSchema.Methods.Keys));
    }

    [Fact]
    public void Consumers_keep_ISDA011_a_warning_when_warnings_are_errors()
    {
        var props = XDocument.Load(Path.Combine(RepositoryRoot.Path, "generator", "build", "IsdaDsl.Generator.props"));

        var notAsErrors = props.Descendants("WarningsNotAsErrors").Select(e => e.Value).ToList();
        Assert.Contains(notAsErrors, value => value.StartsWith("$(WarningsNotAsErrors);", StringComparison.Ordinal) && value.Split(';').Contains("ISDA011"));
    }

    private static MetadataReference Compile(string source)
    {
        var compilation = CSharpCompilation.Create("FakeRuntime", [CSharpSyntaxTree.ParseText(source)], WithoutRuntime,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
