using System.Reflection;
using System.Text;
using IsdaDsl.Runtime.Training;
using IsdaDsl.Tests.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IsdaDsl.Tests.Architecture;

/// <summary>
/// The runtime's namespaces form layers: each uses only its own layer and those below, and no two of them use each
/// other. The dependencies are read from runtime/**/*.cs with Roslyn's semantic model, so every type, member,
/// extension method, inferred type and imported namespace counts, not only the <c>using</c> lines (documentation
/// comments do not count).
/// </summary>
public sealed class NamespaceLayeringTests
{
    private const string RuntimeNamespace = "IsdaDsl.Runtime";

    /// <summary>The layer of each runtime namespace, lowest first; a namespace may use its own layer and lower ones.</summary>
    private static readonly IReadOnlyDictionary<string, int> Layers = new Dictionary<string, int>
    {
        [$"{RuntimeNamespace}.Configuration"] = 0,
        [$"{RuntimeNamespace}.Persistence"] = 0,
        [$"{RuntimeNamespace}.Settings"] = 1,
        [$"{RuntimeNamespace}.Isda"] = 2,
        [$"{RuntimeNamespace}.Models"] = 2,
        [$"{RuntimeNamespace}.Data"] = 2,
        [$"{RuntimeNamespace}.Execution"] = 2,
        [$"{RuntimeNamespace}.Gan"] = 2,
        [$"{RuntimeNamespace}.Methods"] = 3,
        [$"{RuntimeNamespace}.Training"] = 4,
        [$"{RuntimeNamespace}.Reconstruction"] = 5,
    };

    private static readonly Lazy<DependencyGraph> Graph = new(DependencyGraph.Build);

    [Fact]
    public void The_runtime_does_not_reference_Spectre_Console()
    {
        var references = typeof(Trainer).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.DoesNotContain(references, name => name.StartsWith("Spectre.Console", StringComparison.Ordinal));
    }

    [Fact]
    public void The_runtime_sources_compile_on_their_own_so_the_graph_misses_no_reference()
    {
        var errors = Graph.Value.Errors;
        Assert.True(errors.Count == 0, "The runtime sources did not compile in the test:\n" + string.Join("\n", errors.Take(20)));
    }

    [Fact]
    public void No_two_runtime_namespaces_depend_on_each_other()
    {
        var graph = Graph.Value;
        var cycles = graph.StronglyConnectedComponents().Where(c => c.Count > 1).ToList();
        var message = new StringBuilder();
        foreach (var cycle in cycles)
        {
            message.AppendLine("Namespace cycle: " + string.Join(", ", cycle.Order(StringComparer.Ordinal)));
            foreach (var edge in graph.Edges.Where(e => cycle.Contains(e.Key.From) && cycle.Contains(e.Key.To)).OrderBy(e => e.Key.From).ThenBy(e => e.Key.To))
                message.AppendLine($"  {edge.Key.From} → {edge.Key.To}: {edge.Value}");
        }
        Assert.True(cycles.Count == 0, message.ToString());
    }

    [Fact]
    public void Every_runtime_namespace_uses_only_its_own_layer_and_lower_ones()
    {
        var graph = Graph.Value;
        var unplaced = graph.Namespaces.Where(n => !Layers.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
        Assert.True(unplaced.Count == 0, "Give these runtime namespaces a layer in this test: " + string.Join(", ", unplaced));
        var upward = graph.Edges
            .Where(e => Layers[e.Key.From] < Layers[e.Key.To])
            .Select(e => $"  {e.Key.From} (layer {Layers[e.Key.From]}) → {e.Key.To} (layer {Layers[e.Key.To]}): {e.Value}")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(upward.Count == 0, "Dependencies that point up the layers:\n" + string.Join("\n", upward));
    }

    [Fact]
    public void The_graph_sees_the_known_dependencies()
    {
        // Guards the analysis itself: an empty graph would pass the tests above.
        var edges = Graph.Value.Edges.Keys.ToHashSet();
        Assert.Contains(($"{RuntimeNamespace}.Training", $"{RuntimeNamespace}.Methods"), edges);
        Assert.Contains(($"{RuntimeNamespace}.Methods", $"{RuntimeNamespace}.Isda"), edges);
        Assert.Contains(($"{RuntimeNamespace}.Models", $"{RuntimeNamespace}.Configuration"), edges);
        Assert.Contains(($"{RuntimeNamespace}.Gan", $"{RuntimeNamespace}.Models"), edges);
    }

    /// <summary>Runtime namespace → runtime namespace, each edge with examples of its references ("Symbol (file:line)").</summary>
    private sealed class DependencyGraph
    {
        public required IReadOnlySet<string> Namespaces { get; init; }
        public required IReadOnlyDictionary<(string From, string To), string> Edges { get; init; }
        public required IReadOnlyList<string> Errors { get; init; }

        public static DependencyGraph Build()
        {
            var root = RepositoryRoot.Path;
            var runtimeFolder = Path.Combine(root, "runtime");
            var separator = Path.DirectorySeparatorChar;
            var parseOptions = new CSharpParseOptions(LanguageVersion.Preview);
            var trees = Directory.EnumerateFiles(runtimeFolder, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{separator}obj{separator}") && !f.Contains($"{separator}bin{separator}"))
                .Order(StringComparer.Ordinal)
                .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parseOptions, path: Path.GetRelativePath(root, f).Replace('\\', '/')))
                .ToList();
            // The SDK's implicit usings of the runtime project (ImplicitUsings in Directory.Build.props).
            var implicitUsings = CSharpSyntaxTree.ParseText(
                string.Concat(new[] { "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks" }
                    .Select(n => $"global using global::{n};\n")),
                parseOptions, path: "ImplicitUsings.g.cs");
            var compilation = CSharpCompilation.Create(
                "IsdaDsl.Runtime.LayeringCheck",
                trees.Append(implicitUsings),
                References(),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
            var errors = compilation.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => d.ToString())
                .ToList();

            var namespaces = new HashSet<string>(StringComparer.Ordinal);
            var references = new Dictionary<(string, string), Dictionary<string, string>>();
            foreach (var tree in trees)
            {
                var model = compilation.GetSemanticModel(tree);
                var unit = tree.GetCompilationUnitRoot();
                var fileNamespace = unit.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString();
                if (fileNamespace is null)
                    continue;
                namespaces.Add(fileNamespace);
                foreach (var node in unit.DescendantNodes())
                {
                    if (node is not (SimpleNameSyntax or ImplicitObjectCreationExpressionSyntax))
                        continue;
                    var info = model.GetSymbolInfo(node);
                    var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
                    var target = NamespaceOf(symbol);
                    if (target is null || !target.StartsWith(RuntimeNamespace + ".", StringComparison.Ordinal))
                        continue;
                    var from = node.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString() ?? fileNamespace;
                    namespaces.Add(target);
                    if (from == target)
                        continue;
                    if (!references.TryGetValue((from, target), out var examples))
                        references.Add((from, target), examples = new Dictionary<string, string>(StringComparer.Ordinal));
                    var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    var name = symbol is INamespaceSymbol ? "using " + target : symbol!.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
                    examples.TryAdd(name, $"{tree.FilePath}:{line}");
                }
            }
            // Each edge is shown by a few of the symbols it uses, a using directive only where nothing else is used.
            var edges = references.ToDictionary(
                r => r.Key,
                r =>
                {
                    var used = r.Value.Where(e => !e.Key.StartsWith("using ", StringComparison.Ordinal)).ToList();
                    var shown = (used.Count > 0 ? used : r.Value.ToList()).Take(4).Select(e => $"{e.Key} ({e.Value})");
                    return string.Join(", ", shown) + (used.Count > 4 ? $", … {used.Count - 4} more" : "");
                });
            return new DependencyGraph { Namespaces = namespaces, Edges = edges, Errors = errors };
        }

        /// <summary>The namespace a reference to <paramref name="symbol"/> depends on: its own for a namespace, its type's for a member.</summary>
        private static string? NamespaceOf(ISymbol? symbol) => symbol switch
        {
            null => null,
            INamespaceSymbol n => n.IsGlobalNamespace ? null : n.ToDisplayString(),
            IAliasSymbol a => NamespaceOf(a.Target),
            IArrayTypeSymbol a => NamespaceOf(a.ElementType),
            ITypeParameterSymbol => null,
            ITypeSymbol t => t.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol => NamespaceOf(symbol.ContainingType),
            // Locals, parameters, labels, range variables: their types are referenced where they are declared or used.
            _ => null,
        };

        /// <summary>
        /// The runtime assembly's references and theirs, as loaded in this process, and the framework: what the runtime
        /// compiles against, without the runtime itself (whose types the sources define).
        /// </summary>
        private static IEnumerable<MetadataReference> References()
        {
            var runtime = typeof(Trainer).Assembly;
            var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var frameworkFolder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            foreach (var path in ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator))
            {
                if (path.Length > 0 && Path.GetDirectoryName(path) == frameworkFolder)
                    paths.TryAdd(Path.GetFileNameWithoutExtension(path), path);
            }
            var pending = new Queue<AssemblyName>(runtime.GetReferencedAssemblies());
            while (pending.TryDequeue(out var name))
            {
                if (name.Name is null || paths.ContainsKey(name.Name) || name.Name == runtime.GetName().Name)
                    continue;
                Assembly assembly;
                try
                {
                    assembly = Assembly.Load(name);
                }
                catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    continue;
                }
                if (assembly.Location.Length == 0)
                    continue;
                paths.Add(name.Name, assembly.Location);
                foreach (var reference in assembly.GetReferencedAssemblies())
                    pending.Enqueue(reference);
            }
            return paths.Values.Order(StringComparer.Ordinal).Select(p => MetadataReference.CreateFromFile(p));
        }

        /// <summary>Tarjan's algorithm over <see cref="Namespaces"/> and <see cref="Edges"/>.</summary>
        public IReadOnlyList<IReadOnlySet<string>> StronglyConnectedComponents()
        {
            var successors = Namespaces.ToDictionary(n => n, _ => new List<string>());
            foreach (var (from, to) in Edges.Keys)
                successors[from].Add(to);
            var index = new Dictionary<string, int>();
            var lowLink = new Dictionary<string, int>();
            var stack = new Stack<string>();
            var onStack = new HashSet<string>();
            var components = new List<IReadOnlySet<string>>();
            var visited = 0;

            void Visit(string node)
            {
                index[node] = lowLink[node] = visited++;
                stack.Push(node);
                onStack.Add(node);
                foreach (var next in successors[node])
                {
                    if (!index.ContainsKey(next))
                    {
                        Visit(next);
                        lowLink[node] = Math.Min(lowLink[node], lowLink[next]);
                    }
                    else if (onStack.Contains(next))
                    {
                        lowLink[node] = Math.Min(lowLink[node], index[next]);
                    }
                }
                if (lowLink[node] != index[node])
                    return;
                var component = new HashSet<string>(StringComparer.Ordinal);
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                } while (member != node);
                components.Add(component);
            }

            foreach (var node in Namespaces.Order(StringComparer.Ordinal))
            {
                if (!index.ContainsKey(node))
                    Visit(node);
            }
            return components;
        }
    }
}
