using System.Collections.Generic;
using System.Linq;
using IsdaDsl.Spec;
using Microsoft.CodeAnalysis;

namespace IsdaDsl.Generator.Diagnostics;

/// <summary>Every diagnostic the generator reports; the message text comes from the shared spec rules.</summary>
internal static class DiagnosticCatalog
{
    private const string Category = "IsdaDsl";

    public static readonly DiagnosticDescriptor MalformedYaml = Create(ProblemIds.MalformedYaml, "Malformed YAML");
    public static readonly DiagnosticDescriptor UnknownKey = Create(ProblemIds.UnknownKey, "Unknown key");
    public static readonly DiagnosticDescriptor WrongType = Create(ProblemIds.WrongType, "Wrong value type");
    public static readonly DiagnosticDescriptor OutOfRange = Create(ProblemIds.OutOfRange, "Value out of range");
    public static readonly DiagnosticDescriptor UnknownName = Create(ProblemIds.UnknownName, "Unknown name");
    public static readonly DiagnosticDescriptor ForeignParameter = Create(ProblemIds.ForeignParameter, "Parameter does not belong to the chosen component");
    public static readonly DiagnosticDescriptor DuplicateName = Create(ProblemIds.DuplicateName, "Two experiments with one name");
    public static readonly DiagnosticDescriptor InternalError = Create(ProblemIds.InternalError, "Internal generator error");
    public static readonly DiagnosticDescriptor ExtendsNotFound = Create(ProblemIds.ExtendsNotFound, "Extended spec not found");
    public static readonly DiagnosticDescriptor ExtendsCycle = Create(ProblemIds.ExtendsCycle, "Extends cycle");
    public static readonly DiagnosticDescriptor MissingValue = Create(ProblemIds.MissingValue, "Required value missing");
    public static readonly DiagnosticDescriptor BadReference = Create(ProblemIds.BadReference, "Reference to an unknown experiment, or to one of the wrong kind or data set");

    // A warning: a spec may name a network before the runtime has it (consumers keep it a warning, see build/*.props).
    public static readonly DiagnosticDescriptor NotImplementedByRuntime =
        Create(ProblemIds.NotImplementedByRuntime, "Architecture or method not implemented by the referenced runtime", DiagnosticSeverity.Warning);

    private static readonly IReadOnlyDictionary<string, DiagnosticDescriptor> ById =
        new[]
            {
                MalformedYaml, UnknownKey, WrongType, OutOfRange, UnknownName, ForeignParameter, DuplicateName, InternalError,
                ExtendsNotFound, ExtendsCycle, NotImplementedByRuntime, MissingValue, BadReference,
            }
            .ToDictionary(d => d.Id);

    public static DiagnosticDescriptor Get(string id) => ById[id];

    private static DiagnosticDescriptor Create(string id, string title, DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
        new(id, title, "{0}", Category, severity, isEnabledByDefault: true);
}
