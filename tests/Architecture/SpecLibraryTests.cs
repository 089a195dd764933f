using System.Reflection;
using IsdaDsl.Spec;

namespace IsdaDsl.Tests.Architecture;

/// <summary>The DSL's types exist once, in the spec library, which the runtime and the CLI reference (not compile in).</summary>
public sealed class SpecLibraryTests
{
    [Fact]
    public void Only_the_spec_library_defines_the_spec_types()
    {
        var spec = typeof(ExperimentSpec).Assembly;
        Assert.Equal("IsdaDsl.Spec", spec.GetName().Name);
        foreach (var assembly in new[] { typeof(Runtime.Settings.SpecSettings).Assembly, typeof(Experiments.Specs.CatalogSpecs).Assembly })
        {
            Assert.DoesNotContain(assembly.GetTypes(), t => t.Namespace?.StartsWith("IsdaDsl.Spec", StringComparison.Ordinal) == true);
            Assert.Contains(assembly.GetReferencedAssemblies(), name => name.Name == "IsdaDsl.Spec");
        }
    }

    [Fact]
    public void Every_approved_snapshot_belongs_to_a_snapshot_test()
    {
        var tests = typeof(Generator.SnapshotTests).GetMethods().Where(m => m.GetCustomAttribute<FactAttribute>() is not null).Select(m => m.Name).ToHashSet();
        var files = Directory.GetFiles(Path.Combine(Generator.RepositoryRoot.Path, "tests", "Generator", "Snapshots"), "*.approved.cs")
            .Select(f => Path.GetFileName(f).Split('.')[1])
            .ToList();

        Assert.Equal(tests.Order(), files.Order());
    }
}
