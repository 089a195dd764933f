using System;
using System.Collections.Immutable;
using System.Linq;
using IsdaDsl.Generator.Emission;
using IsdaDsl.Generator.Pipeline;
using IsdaDsl.Spec;
using Microsoft.CodeAnalysis;

namespace IsdaDsl.Generator;

/// <summary>
/// YAML experiment specs (AdditionalFiles *.yaml) → typed experiment classes and one catalog: a class per spec, or
/// per combination of its matrix; none for a base.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ExperimentGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // The vocabulary's enums depend on the spec library only.
        context.RegisterPostInitializationOutput(static spc => spc.AddSource(VocabularyEmitter.HintName, VocabularyEmitter.Emit()));

        var projectDir = context.AnalyzerConfigOptionsProvider
            .Select((options, _) => options.GlobalOptions.TryGetValue("build_property.projectdir", out var dir) ? dir : "")
            .WithTrackingName(TrackingNames.ProjectDir);

        // Each file is parsed once and stays cached until it changes; every file sees them all, as extends may name any.
        var files = context.AdditionalTextsProvider
            .Where(text => text.Path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
            .Combine(projectDir)
            .Select((pair, ct) => SpecFileProcessor.Parse(pair.Left.Path, pair.Right, pair.Left.GetText(ct)?.ToString() ?? ""))
            .WithTrackingName(TrackingNames.ParsedSpecs);

        var library = files.Collect().Select((all, _) => new SpecLibrary(all)).WithTrackingName(TrackingNames.Library);

        var results = files.Combine(library)
            .Select((pair, _) => SpecFileProcessor.Process(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Specs);

        // Diagnostics and code in separate pipelines, so a message change does not re-emit code.
        var diagnostics = results.Select((r, _) => r.Diagnostics).WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, infos) => Report(spc, infos));

        // Every C# edit makes a new compilation; reducing it to the runtime's components (equal across edits) keeps
        // the steps below cached.
        var runtime = context.CompilationProvider
            .Select(static (compilation, ct) => RuntimeImplementations.Read(compilation, ct))
            .WithTrackingName(TrackingNames.Runtime);

        var models = results.SelectMany((r, _) => r.Models).WithTrackingName(TrackingNames.Models);
        context.RegisterSourceOutput(models.Combine(runtime), static (spc, pair) => Emit(spc, pair.Left, pair.Right));

        var all = models.Collect().WithTrackingName(TrackingNames.AllModels);
        context.RegisterSourceOutput(all, static (spc, list) => EmitCatalog(spc, list));

        // References to other experiments, checked against the names, kinds and data sets of all of them; over all
        // experiments at once, so a reference that extenders inherit from one base is reported there once.
        var badReferences = all.Select(static (list, _) => ReferenceCheck.Check(list)).WithTrackingName(TrackingNames.ReferenceCheck);
        context.RegisterSourceOutput(badReferences, static (spc, infos) => Report(spc, infos));

        // Checked per file, over every experiment it yields (matrix combinations included).
        var unimplemented = results
            .Select(static (r, _) => r.Models)
            .Combine(runtime)
            .Select(static (pair, _) => RuntimeCheck.Check(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.RuntimeCheck);
        context.RegisterSourceOutput(unimplemented, static (spc, infos) => Report(spc, infos));
    }

    private static void Report(SourceProductionContext spc, EquatableArray<DiagnosticInfo> infos)
    {
        foreach (var info in infos)
            spc.ReportDiagnostic(info.ToDiagnostic());
    }

    private static void Emit(SourceProductionContext spc, ExperimentModel model, RuntimeImplementations runtime)
    {
        try
        {
            spc.AddSource(model.HintName, ExperimentEmitter.Emit(model, runtime));
        }
        catch (Exception e)
        {
            spc.ReportDiagnostic(new DiagnosticInfo(ProblemIds.InternalError, $"the generator failed to emit this experiment: {e.GetType().Name}: {e.Message}", model.Path, SourceSpan.FileStart).ToDiagnostic());
        }
    }

    private static void EmitCatalog(SourceProductionContext spc, ImmutableArray<ExperimentModel> list)
    {
        // The first file (by path) keeps a name; the others are reported and left out of the catalog.
        var distinct = list
            .OrderBy(m => m.Path, StringComparer.Ordinal)
            .GroupBy(m => m.Spec.Name)
            .Select(group =>
            {
                foreach (var duplicate in group.Skip(1))
                {
                    spc.ReportDiagnostic(new DiagnosticInfo(ProblemIds.DuplicateName,
                        $"experiment name '{duplicate.Spec.Name}' is already used by {group.First().Path}; names must be unique", duplicate.Path, duplicate.Spec.NameSpan).ToDiagnostic());
                }
                return group.First();
            })
            .OrderBy(m => m.Spec.Name, StringComparer.Ordinal)
            .ToList();
        spc.AddSource(CatalogEmitter.HintName, CatalogEmitter.Emit(distinct));
    }
}
