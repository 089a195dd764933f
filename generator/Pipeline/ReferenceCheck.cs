using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using IsdaDsl.Spec;

namespace IsdaDsl.Generator.Pipeline;

/// <summary>
/// ISDA013: each experiment's references to other experiments (a GAN-augmentation method's generator) checked against
/// every experiment of the project. A reference that several experiments inherit from one base, or share through a
/// matrix, is one place in one file: it is reported once.
/// </summary>
internal static class ReferenceCheck
{
    public static EquatableArray<DiagnosticInfo> Check(ImmutableArray<ExperimentModel> models)
    {
        // The first file (by path) keeps a duplicated name, as the catalog does.
        var targets = models
            .OrderBy(m => m.Path, System.StringComparer.Ordinal)
            .GroupBy(m => m.Spec.Name)
            .ToDictionary(group => group.Key, group => ReferenceTarget.Of(group.First().Spec));
        return new(models
            .OrderBy(m => m.Path, System.StringComparer.Ordinal)
            .SelectMany(model => ExperimentReferences.Check(model.Spec, targets).Select(problem => DiagnosticInfo.From(problem, model.Path)))
            .Distinct());
    }
}
