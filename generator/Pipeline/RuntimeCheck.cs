using System;
using System.Collections.Generic;
using System.Linq;
using IsdaDsl.Spec;

namespace IsdaDsl.Generator.Pipeline;

/// <summary>
/// ISDA011: a valid experiment whose architecture or method the DSL knows but the referenced runtime does not
/// implement. A warning, not an error: the experiment is still generated, so specs for the paper's networks can be
/// written before the runtime has them; running one fails until it does. Checked per file over every experiment it
/// yields (each matrix combination), each warning once: combinations that share a name share its warning.
/// </summary>
internal static class RuntimeCheck
{
    public static EquatableArray<DiagnosticInfo> Check(EquatableArray<ExperimentModel> models, RuntimeImplementations runtime) =>
        new(models.SelectMany(model => Check(model, runtime)).Distinct());

    // A gan or reconstruction experiment has no architecture or method: its classification sections hold defaults nothing builds.
    public static IEnumerable<DiagnosticInfo> Check(ExperimentModel model, RuntimeImplementations runtime) => model.Spec.Kind != SpecSchema.DefaultKind
        ? []
        : Missing("architecture", model.Spec.Model, runtime.Architectures, model.Path)
            .Concat(Missing("method", model.Spec.Method, runtime.Methods, model.Path));

    private static IEnumerable<DiagnosticInfo> Missing(string kind, ComponentSpec component, EquatableArray<RuntimeComponent>? implemented, string path)
    {
        if (implemented is not { } components || components.Any(c => c.Name == component.Name))
            yield break;
        var names = components.Select(c => c.Name).ToList();
        var list = names.Count == 0 ? "none" : string.Join(", ", names);
        // A name from a base is reported at the extends entry it came through, saying where the base writes it.
        var through = component.InheritedFrom is { } origin ? $"through {origin}: " : "";
        yield return new DiagnosticInfo(ProblemIds.NotImplementedByRuntime,
            $"{through}{kind} '{component.Name}' is part of the DSL but not implemented by the referenced runtime (implemented: {list}); " +
            "the experiment is generated and listed, but running it fails until the runtime has it",
            path, component.NameSpan);
    }
}
