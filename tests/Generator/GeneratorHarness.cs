using System.Collections.Immutable;
using IsdaDsl.Generator;
using IsdaDsl.Generator.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace IsdaDsl.Tests.Generator;

/// <summary>Runs <see cref="ExperimentGenerator"/> over in-memory specs, the way the compiler does.</summary>
internal static class GeneratorHarness
{
    public const string ProjectDir = "/proj/";

    /// <summary>The running runtime's assemblies, which include IsdaDsl.Runtime and TorchSharp (test dependencies).</summary>
    public static readonly ImmutableArray<MetadataReference> References =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)),
    ];

    public static CSharpCompilation Compilation(params string[] sources) => Compilation(References, sources);

    public static CSharpCompilation Compilation(IEnumerable<MetadataReference> references, params string[] sources) => CSharpCompilation.Create(
        "GeneratorTest",
        sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest))),
        references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver(params (string Path, string Text)[] specs) =>
        Driver(specs.Select(s => (AdditionalText)new InMemoryAdditionalText(s.Path, s.Text)));

    public static GeneratorDriver Driver(IEnumerable<AdditionalText> specs) =>
        CSharpGeneratorDriver.Create(
            [new ExperimentGenerator().AsSourceGenerator()],
            specs,
            new CSharpParseOptions(LanguageVersion.Latest),
            new ProjectDirOptionsProvider(ProjectDir),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs once over <paramref name="specs"/> (paths relative to <see cref="ProjectDir"/>).</summary>
    public static GeneratorDriverRunResult Run(params (string Path, string Text)[] specs) => Run(References, specs);

    /// <summary>Runs once over <paramref name="specs"/> in a compilation with <paramref name="references"/> only.</summary>
    public static GeneratorDriverRunResult Run(IEnumerable<MetadataReference> references, params (string Path, string Text)[] specs) =>
        Driver(specs.Select(s => (ProjectDir + s.Path, s.Text)).ToArray())
            .RunGenerators(Compilation(references, "class Placeholder { }"))
            .GetRunResult();

    /// <summary>The output compiled with the generated code; returns the compilation for its diagnostics.</summary>
    public static Compilation CompileWithOutput(string extraSource, params (string Path, string Text)[] specs)
    {
        Driver(specs.Select(s => (ProjectDir + s.Path, s.Text)).ToArray())
            .RunGeneratorsAndUpdateCompilation(Compilation(extraSource), out var output, out _);
        return output;
    }

    /// <summary>
    /// <paramref name="path"/> read by <see cref="SpecReader"/> among <paramref name="files"/> (paths relative to
    /// <see cref="ProjectDir"/>), as the generator reads it: for the resolved values, without generating code.
    /// </summary>
    public static SpecReadResult Read(string path, params (string Path, string Text)[] files)
    {
        var texts = files.ToDictionary(f => ProjectDir + f.Path, f => f.Text);
        var library = SpecLibrary.FromTexts(ProjectDir, texts.Keys, p => texts.GetValueOrDefault(p));
        return SpecReader.Read(library.Find(ProjectDir + path)!, library);
    }

    public static (string Path, string Text) Fixture(string name) =>
        (name, File.ReadAllText(System.IO.Path.Combine(FixtureFolder, name)));

    /// <summary>Every fixture spec, bases included, by path relative to the fixture folder ("base/cifar10-sgd.yaml").</summary>
    public static IEnumerable<(string Path, string Text)> Fixtures() =>
        Directory.EnumerateFiles(FixtureFolder, "*.yaml", SearchOption.AllDirectories)
            .Select(p => System.IO.Path.GetRelativePath(FixtureFolder, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(Fixture);

    private static string FixtureFolder => System.IO.Path.Combine(RepositoryRoot.Path, "tests", "Generator", "Fixtures");
}
