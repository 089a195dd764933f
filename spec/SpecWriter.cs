using System.Globalization;
using System.Linq;
using System.Text;

namespace IsdaDsl.Spec;

/// <summary>
/// A resolved experiment back to spec YAML, every default written out: what `isda show` prints. Reading the text
/// with <see cref="SpecReader"/> gives the same <see cref="ExperimentSpec"/> (tested), so the output is itself a spec.
/// </summary>
public static class SpecWriter
{
    public static string Write(ExperimentSpec spec)
    {
        var yaml = new StringBuilder();
        yaml.Append("name: ").Append(Scalar(spec.Name)).Append('\n');
        if (spec.IsGan)
        {
            // Only the kind's own sections: its classification fields hold defaults nothing reads.
            yaml.Append("kind: gan\n");
            Section(yaml, "data", ("name", Scalar(spec.Data.Name)), ("root", spec.Data.Root is null ? "null" : Scalar(spec.Data.Root)));
            Section(yaml, "gan", [("name", Scalar(spec.Gan!.Name)), .. Parameters(spec.Gan)]);
            Section(yaml, "training", ("epochs", Number(spec.Training.Epochs)), ("batch_size", Number(spec.Training.BatchSize)),
                ("seed", Number(spec.Training.Seed)), ("runs", Number(spec.Training.Runs)));
            return yaml.ToString();
        }
        if (spec.IsReconstruction)
        {
            yaml.Append("kind: reconstruction\n");
            Section(yaml, "data", ("name", Scalar(spec.Data.Name)), ("root", spec.Data.Root is null ? "null" : Scalar(spec.Data.Root)));
            Section(yaml, "reconstruction", Parameters(spec.Reconstruction!));
            Section(yaml, "training", ("seed", Number(spec.Training.Seed)), ("runs", Number(spec.Training.Runs)));
            return yaml.ToString();
        }
        Section(yaml, "data", ("name", Scalar(spec.Data.Name)), ("root", spec.Data.Root is null ? "null" : Scalar(spec.Data.Root)),
            ("augmentation", Scalar(spec.Data.Augmentation)), ("cutout", Number(spec.Data.Cutout)),
            ("train_fraction", Number(spec.Data.TrainFraction)));
        Section(yaml, "model", [("architecture", Scalar(spec.Model.Name)), .. Parameters(spec.Model)]);
        Section(yaml, "training", ("epochs", Number(spec.Training.Epochs)), ("batch_size", Number(spec.Training.BatchSize)),
            ("seed", Number(spec.Training.Seed)), ("runs", Number(spec.Training.Runs)));
        Section(yaml, "optimizer", ("lr", Number(spec.Optimizer.LearningRate)), ("momentum", Number(spec.Optimizer.Momentum)),
            ("nesterov", spec.Optimizer.Nesterov ? "true" : "false"), ("weight_decay", Number(spec.Optimizer.WeightDecay)));
        if (spec.Schedule.Kind == "multistep")
        {
            var milestones = "[" + string.Join(", ", spec.Schedule.Milestones.Select(m => Number(m))) + "]";
            Section(yaml, "schedule", ("kind", "multistep"), ("milestones", milestones), ("factor", Number(spec.Schedule.Factor)));
        }
        else
        {
            Section(yaml, "schedule", ("kind", Scalar(spec.Schedule.Kind)));
        }
        Section(yaml, "method", [("name", Scalar(spec.Method.Name)), .. Parameters(spec.Method)]);
        Section(yaml, "evaluation", ("report", Scalar(spec.Evaluation.Report)),
            ("paper_error", spec.Evaluation.PaperError is { } error ? Number(error) : "null"));
        return yaml.ToString();
    }

    private static (string Key, string Value)[] Parameters(ComponentSpec component) =>
        component.Parameters.Select(p => (p.Key, p.Kind.IsNumeric() ? p.Text : Scalar(p.Text))).ToArray();

    private static void Section(StringBuilder yaml, string name, params (string Key, string Value)[] entries) =>
        yaml.Append(name).Append(": { ").Append(string.Join(", ", entries.Select(e => e.Key + ": " + e.Value))).Append(" }\n");

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // Names and choices are plain words; anything else is double-quoted so it stays a string.
    private static string Scalar(string value) =>
        value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '/') && !char.IsDigit(value[0])
            ? value
            : "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
