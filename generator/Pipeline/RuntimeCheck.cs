using System;
using System.Collections.Generic;
using System.Linq;
using IsdaDsl.Generator.Spec;

namespace IsdaDsl.Generator.Pipeline;

/// <summary>
/// ISDA011: a valid experiment whose architecture or method the DSL knows but the referenced runtime does not
/// implement. A warning, not an error: the experiment is still generated, so specs for the paper's networks can be
/// written before the runtime has them; running one fails until it does.
/// </summary>
internal static class RuntimeCheck
{
    public static EquatableArray<DiagnosticInfo> Check(ExperimentModel model, RuntimeImplementations runtime) =>
        new(Missing("architecture", model.Spec.Model, runtime.Architectures, model.Path)
            .Concat(Missing("method", model.Spec.Method, runtime.Methods, model.Path)));

    private static IEnumerable<DiagnosticInfo> Missing(string kind, ComponentSpec component, EquatableArray<string>? implemented, string path)
    {
        // The runtime's catalogs match names ignoring case.
        if (implemented is not { } names || names.Contains(component.Name, StringComparer.OrdinalIgnoreCase))
            yield break;
        var list = names.Count == 0 ? "none" : string.Join(", ", names);
        yield return new DiagnosticInfo(ProblemIds.NotImplementedByRuntime,
            $"{kind} '{component.Name}' is part of the DSL but not implemented by the referenced runtime (implemented: {list}); " +
            "the experiment is generated and listed, but running it fails until the runtime has it",
            path, component.NameSpan);
    }
}
