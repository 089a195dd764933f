using System.Globalization;
using IsdaDsl.Experiments.Runs;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Spec;

namespace IsdaDsl.Experiments.Reports;

/// <summary>
/// One experiment's completed runs (one folder per seed, the newest where several hold the same run), its label
/// and its newest spec, which names the data set, architecture and method.
/// </summary>
internal sealed record ExperimentRuns(string Label, ExperimentSpec Spec, IReadOnlyList<RunFolder> Runs)
{
    /// <summary>The model with its parameters: "resnet (depth 8, width 16)".</summary>
    public string Architecture => Describe(Spec.Model);

    /// <summary>The method with its parameters: "isda (lambda0 0.5, covariance full, dropout 0)".</summary>
    public string Method => Describe(Spec.Method);

    // Numbers with four significant digits: a ratio given as 1/6 is stored as 0.16666666666666666.
    private static string Describe(ComponentSpec component) =>
        ComponentText.Describe(component.Name, component.Parameters.Select(p => KeyValuePair.Create(p.Key,
            p.Kind.IsNumeric() && NumberText.TryParse(p.Text, out var value) ? value.ToString("G4", CultureInfo.InvariantCulture) : p.Text)));
}
