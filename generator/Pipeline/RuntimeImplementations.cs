using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using IsdaDsl.Spec;
using Microsoft.CodeAnalysis;

namespace IsdaDsl.Generator.Pipeline;

/// <summary>
/// What the referenced runtime implements: the options records marked [Architecture("…")] or [TrainingMethod("…")]
/// in the assembly that defines the attribute, which is where the runtime's catalogs look at run time. A kind is
/// null when its attribute is not referenced: without a runtime there is nothing to check against or build with.
/// Plain values sorted by name, so a new compilation (every C# edit) that references the same runtime compares equal.
/// </summary>
internal sealed record RuntimeImplementations(EquatableArray<RuntimeComponent>? Architectures, EquatableArray<RuntimeComponent>? Methods)
{
    private const string ArchitectureAttribute = "IsdaDsl.Runtime.Models.ArchitectureAttribute";
    private const string TrainingMethodAttribute = "IsdaDsl.Runtime.Methods.TrainingMethodAttribute";

    public static RuntimeImplementations Read(Compilation compilation, CancellationToken ct) =>
        new(MarkedWith(compilation, ArchitectureAttribute, ct), MarkedWith(compilation, TrainingMethodAttribute, ct));

    private static EquatableArray<RuntimeComponent>? MarkedWith(Compilation compilation, string attributeName, CancellationToken ct)
    {
        // Null also when two references define the attribute: then no single runtime is the one to check against.
        var attribute = compilation.GetTypeByMetadataName(attributeName);
        // A project that defines the attribute itself is the runtime, not a consumer of it.
        if (attribute is null || SymbolEqualityComparer.Default.Equals(attribute.ContainingAssembly, compilation.Assembly))
            return null;
        var found = new List<RuntimeComponent>();
        Collect(attribute.ContainingAssembly.GlobalNamespace, attribute, found, ct);
        return new EquatableArray<RuntimeComponent>(found.OrderBy(c => c.Name, StringComparer.Ordinal));
    }

    // Nested types included: the options records are nested in their networks and methods.
    private static void Collect(INamespaceOrTypeSymbol container, INamedTypeSymbol attribute, List<RuntimeComponent> found, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (container is INamespaceSymbol ns)
        {
            foreach (var child in ns.GetNamespaceMembers())
                Collect(child, attribute, found, ct);
        }
        foreach (var type in container.GetTypeMembers())
        {
            var marks = type.GetAttributes().Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));
            foreach (var mark in marks)
            {
                if (mark.ConstructorArguments.Length == 1 && mark.ConstructorArguments[0].Value is string name)
                    found.Add(Describe(name, type));
            }
            Collect(type, attribute, found, ct);
        }
    }

    // The positional parameters of the record's primary constructor (the public one with the most parameters).
    private static RuntimeComponent Describe(string name, INamedTypeSymbol type)
    {
        var constructor = type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility == Accessibility.Public)
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        var parameters = constructor?.Parameters.Select(p => new RuntimeParameter(
            p.Name,
            p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            p.Type.TypeKind == TypeKind.Enum)) ?? [];
        return new RuntimeComponent(name, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), new EquatableArray<RuntimeParameter>(parameters));
    }
}

/// <summary>One runtime component: its DSL name, its options record (fully qualified) and that record's parameters.</summary>
internal sealed record RuntimeComponent(string Name, string OptionsType, EquatableArray<RuntimeParameter> Parameters);

/// <summary>One positional parameter of an options record: its name and type as C# writes them.</summary>
internal sealed record RuntimeParameter(string Name, string Type, bool IsEnum);
