using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using IsdaDsl.Spec;
using Microsoft.CodeAnalysis;

namespace IsdaDsl.Generator.Pipeline;

/// <summary>
/// The architecture and method names the referenced runtime implements: the types marked [Architecture("…")] or
/// [TrainingMethod("…")] in the assembly that defines the attribute, which is where the runtime's catalogs look at
/// run time. A kind is null when its attribute is not referenced: without a runtime there is nothing to check against.
/// Plain sorted names, so a new compilation (every C# edit) that references the same runtime compares equal.
/// </summary>
internal sealed record RuntimeImplementations(EquatableArray<string>? Architectures, EquatableArray<string>? Methods)
{
    private const string ArchitectureAttribute = "IsdaDsl.Runtime.Models.ArchitectureAttribute";
    private const string TrainingMethodAttribute = "IsdaDsl.Runtime.Methods.TrainingMethodAttribute";

    public static RuntimeImplementations Read(Compilation compilation, CancellationToken ct) =>
        new(NamesMarkedWith(compilation, ArchitectureAttribute, ct), NamesMarkedWith(compilation, TrainingMethodAttribute, ct));

    private static EquatableArray<string>? NamesMarkedWith(Compilation compilation, string attributeName, CancellationToken ct)
    {
        // Null also when two references define the attribute: then no single runtime is the one to check against.
        var attribute = compilation.GetTypeByMetadataName(attributeName);
        // A project that defines the attribute itself is the runtime, not a consumer of it.
        if (attribute is null || SymbolEqualityComparer.Default.Equals(attribute.ContainingAssembly, compilation.Assembly))
            return null;
        var names = new SortedSet<string>(StringComparer.Ordinal);
        Collect(attribute.ContainingAssembly.GlobalNamespace, attribute, names, ct);
        return new EquatableArray<string>(names);
    }

    // Nested types included: the runtime's implementations are nested Factory classes.
    private static void Collect(INamespaceOrTypeSymbol container, INamedTypeSymbol attribute, SortedSet<string> names, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (container is INamespaceSymbol ns)
        {
            foreach (var child in ns.GetNamespaceMembers())
                Collect(child, attribute, names, ct);
        }
        foreach (var type in container.GetTypeMembers())
        {
            var marks = type.GetAttributes().Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));
            foreach (var mark in marks)
            {
                if (mark.ConstructorArguments.Length == 1 && mark.ConstructorArguments[0].Value is string name)
                    names.Add(name);
            }
            Collect(type, attribute, names, ct);
        }
    }
}
