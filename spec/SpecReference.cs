using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace IsdaDsl.Spec;

/// <summary>
/// The DSL reference's tables, rendered from <see cref="SpecSchema"/>: the keys of the sections (their defaults as the
/// validator fills them in, their ranges and vocabularies as declared), and every architecture's and method's
/// parameters (and every GAN objective's) with the rules that tie them together. docs/dsl.md holds each table between
/// <c>&lt;!-- generated: NAME --&gt;</c> and <c>&lt;!-- end generated --&gt;</c>; <see cref="Refresh"/> rewrites them
/// there, and tests/Spec/DslReferenceTests.cs checks that the document holds exactly these.
/// </summary>
public static class SpecReference
{
    public const string EndMarker = "<!-- end generated -->";

    public static string StartMarker(string name) => $"<!-- generated: {name} -->";

    /// <summary>The generated tables by marker name, in document order.</summary>
    public static IReadOnlyList<(string Name, string Text)> Blocks() =>
    [
        ("sections", Sections()),
        ("architectures", Components("architecture", SpecSchema.Architectures)),
        ("methods", Components("method", SpecSchema.Methods)),
        ("gans", Components("objective", SpecSchema.Gans)),
        ("reconstruction", Components("section", new Dictionary<string, IReadOnlyList<ParameterRule>> { ["reconstruction"] = SpecSchema.Reconstruction })),
    ];

    /// <summary>
    /// <paramref name="document"/> (line ends normalised to \n) with each block's text between its markers, one blank
    /// line either side. A block whose markers the document lacks is an error: where a table goes is the document's choice.
    /// </summary>
    public static string Refresh(string document)
    {
        var text = document.Replace("\r\n", "\n");
        foreach (var (name, block) in Blocks())
        {
            var (start, end) = Region(text, name)
                ?? throw new InvalidOperationException($"the document has no '{StartMarker(name)}' … '{EndMarker}' pair for the {name} table");
            text = text.Substring(0, start) + "\n" + block + "\n" + text.Substring(end);
        }
        return text;
    }

    /// <summary>
    /// Where block <paramref name="name"/>'s text lies in <paramref name="document"/>: from the line after its start
    /// marker up to its end marker; null when either marker is missing.
    /// </summary>
    public static (int Start, int End)? Region(string document, string name)
    {
        var marker = document.IndexOf(StartMarker(name), StringComparison.Ordinal);
        var lineEnd = marker < 0 ? -1 : document.IndexOf('\n', marker);
        var end = lineEnd < 0 ? -1 : document.IndexOf(EndMarker, lineEnd + 1, StringComparison.Ordinal);
        return end < 0 ? null : (lineEnd + 1, end);
    }

    /// <summary>What a range allows, as a table cell says it: "[0, 1)", "≥ 1", "6n+2 with n ≥ 1 (8, 14, …)".</summary>
    public static string Allowed(ValueRange range)
    {
        var rule = range.Describe();
        foreach (var phrase in new[] { "must lie in ", "must be " })
        {
            if (rule.StartsWith(phrase, StringComparison.Ordinal))
                return rule.Substring(phrase.Length);
        }
        return rule;
    }

    /// <summary>The keys of every section: one row per key; a model's or method's own parameters are in their tables.</summary>
    public static string Sections()
    {
        var rows = KeyRows();
        var keys = SpecSchema.Sections.SelectMany(SectionKeys).ToList();
        var undeclared = rows.Keys.Where(key => !keys.Contains(key)).ToList();
        if (undeclared.Count > 0)
            throw new InvalidOperationException($"spec/SpecReference.cs (KeyRows) describes {string.Join(", ", undeclared)}, which SpecSchema no longer declares: remove the row");

        var table = new StringBuilder("| key | type | default | allowed values | example |\n|---|---|---|---|---|\n");
        foreach (var key in keys)
        {
            if (!rows.TryGetValue(key, out var row))
                throw new InvalidOperationException($"SpecSchema declares {key}, which spec/SpecReference.cs (KeyRows) does not describe: add its row there");
            var qualifier = row.Qualifier.Length == 0 ? "" : " " + row.Qualifier;
            table.Append($"| {Code(key)}{qualifier} | {row.Type} | {row.Default} | {row.Allowed} | {row.Example} |\n");
        }
        return table.ToString();
    }

    /// <summary>The architectures' or methods' parameters, and the rules over several of them as notes.</summary>
    public static string Components(string kind, IReadOnlyDictionary<string, IReadOnlyList<ParameterRule>> components)
    {
        var table = new StringBuilder($"| {kind} | parameter | type | default | allowed values | description |\n|---|---|---|---|---|---|\n");
        foreach (var component in components)
        {
            if (component.Value.Count == 0)
                table.Append($"| {Code(component.Key)} | — | | | | |\n");
            for (var i = 0; i < component.Value.Count; i++)
            {
                var rule = component.Value[i];
                var name = i == 0 ? Code(component.Key) + " " : "";
                table.Append($"| {name}| {Code(rule.Key)} | {Type(rule.Kind)} | {(rule.Required ? "required" : Code(rule.Default))} | {Allowed(rule)} | {Cell(rule.Description)} |\n");
            }
        }

        var constraints = SpecSchema.Constraints.Where(c => components.ContainsKey(c.Component)).ToList();
        if (constraints.Count > 0)
        {
            table.Append("\nRules over several parameters, checked once each of them is valid on its own; a broken one is an ISDA004 at the parameter it names:\n\n");
            foreach (var constraint in constraints)
                table.Append($"- {Code(constraint.Component)}: {Code(constraint.Key)} {constraint.Rule}.\n");
        }
        return table.ToString();
    }

    /// <summary>A section's keys as the table names them ("data.root"); a top-level key ("name") names itself.</summary>
    private static IEnumerable<string> SectionKeys(string section)
    {
        if (!SpecSchema.SettingSections.Contains(section))
            return [section];
        var parameters = section switch
        {
            "model" => SpecSchema.Parameters(SpecSchema.Architectures),
            "method" => SpecSchema.Parameters(SpecSchema.Methods),
            "gan" => SpecSchema.Parameters(SpecSchema.Gans),
            "reconstruction" => SpecSchema.Reconstruction,
            _ => [],
        };
        return SpecSchema.KeysOf(section).Where(key => parameters.All(p => p.Key != key)).Select(key => section + "." + key);
    }

    private sealed record KeyRow(string Type, string Default, string Allowed, string Example, string Qualifier = "");

    /// <summary>
    /// What the declaration does not say of a key, in words (its type, an example, a note), around what it does:
    /// the defaults come from validating an empty spec, the ranges and vocabularies from <see cref="SpecSchema"/>.
    /// </summary>
    private static Dictionary<string, KeyRow> KeyRows()
    {
        var (resolved, problems) = SpecValidator.Validate(new SpecMapping(EquatableArray<SpecEntry>.Empty, SourceSpan.FileStart), "defaults", isBase: false);
        var d = resolved ?? throw new InvalidOperationException("an empty spec does not validate: " + string.Join("; ", problems.Select(p => p.Message)));
        var pattern = ExperimentName.Rule.IndexOf(" (", StringComparison.Ordinal) is var cut and > 0
            ? Code(ExperimentName.Rule.Substring(0, cut)) + ExperimentName.Rule.Substring(cut)
            : Code(ExperimentName.Rule);
        var autoAugment = SpecSchema.Datasets.Where(set => set.TakesAutoAugment).Select(set => set.Name).ToList();
        var imageSizes = SpecSchema.Datasets.GroupBy(set => set.ImageSize).OrderBy(g => g.Key)
            .Select(g => $"{g.Key} ({string.Join(", ", g.Select(set => set.Name))})");
        const string example = "cifar10/resnet110/isda.yaml";

        return new Dictionary<string, KeyRow>
        {
            ["name"] = new("text", $"its path under `experiments/` without `.yaml`, folders joined by `-` (`{example}` → {Code(SpecReader.DefaultName(example))})",
                $"{pattern}; unique across the project", "`name: cifar10-resnet32-isda`"),
            ["kind"] = new("text", Code(SpecSchema.DefaultKind), string.Join(", ", SpecSchema.Kinds.Select(kind => Code(kind) + $" (sections {Codes(SpecSchema.SectionsOf(kind))})")) +
                "; a section of the other kind is an ISDA006 ([below](#kinds))", "`kind: gan`"),
            ["extends"] = new("path or list of paths", "none",
                "`.yaml` specs of the project, relative to this file's folder ([below](#composition-extends))", "`extends: [../base/resnet.yaml, ../base/cifar10.yaml]`"),
            ["matrix"] = new("mapping of axes to lists", "none",
                $"an axis is a section or `section.key` ([below](#families-matrix)); at most {SpecMatrix.MaxCombinations} experiments", "`matrix: { training.seed: [0, 1, 2] }`"),
            ["data.name"] = new("text", Code(d.Data.Name), Codes(SpecSchema.DatasetNames), "`data: { name: cifar100 }`"),
            ["data.root"] = new("text or null", Nullable(d.Data.Root, "the data set's own default folder"),
                "any folder; for `imagenet`, class sub-folders of JPEGs (torchvision's ImageFolder layout, [method.md §6.3](method.md#63-imagefolder-imagenet))", "`root: /data/cifar10`"),
            ["data.augmentation"] = new("text", Code(d.Data.Augmentation), string.Join(", ", SpecSchema.Augmentations.Select(name => Code(name) + name switch
            {
                "standard" => " ([method.md §4.4](method.md#44-input-augmentation-and-preprocessing))",
                "autoaugment" => $" (the CIFAR AutoAugment policy on top of standard; {Listed(autoAugment)} only)",
                _ => "",
            })), "`augmentation: autoaugment`"),
            ["data.cutout"] = new("integer", Code(d.Data.Cutout) + (d.Data.Cutout == 0 ? " (off)" : ""),
                $"{Allowed(SpecSchema.CutoutRange)}, up to the image size: {string.Join(", ", imageSizes)}", "`cutout: 16`"),
            ["data.train_fraction"] = new("number", Code(d.Data.TrainFraction) + " (the whole training set)",
                Allowed(SpecSchema.TrainFractionRange) + ": below 1, each class keeps round(fraction × its images), at least 1, drawn with the run's seed " +
                "([method.md §6.4](method.md#64-training-on-a-fraction-of-the-training-set)); the test set is never reduced", "`train_fraction: 0.1`"),
            ["model.architecture"] = new("text", Code(d.Model.Name), "see [Architectures](#architectures)", "`architecture: wide-resnet`"),
            ["training.epochs"] = new("integer", $"{Code(d.Training.Epochs)} (kind gan: {Code(SpecSchema.DefaultGanEpochs)})", Allowed(SpecSchema.EpochsRange), "`epochs: 160`"),
            ["training.batch_size"] = new("integer", $"{Code(d.Training.BatchSize)} (kind gan: {Code(SpecSchema.DefaultGanBatchSize)})",
                $"{Allowed(SpecSchema.BatchSizeRange)} (kind gan: {Allowed(SpecSchema.GanBatchSizeRange)})", "`batch_size: 64`"),
            ["training.seed"] = new("integer", Code(d.Training.Seed), "any", "`seed: 2`"),
            ["training.runs"] = new("integer", Code(d.Training.Runs),
                Allowed(SpecSchema.RunsRange) + "; the runs use seeds `seed`, `seed` + 1, … (the paper reports mean ± std over 3)", "`runs: 3`"),
            ["optimizer.lr"] = new("number", Code(d.Optimizer.LearningRate), Allowed(SpecSchema.LearningRateRange), "`lr: 0.05`"),
            ["optimizer.momentum"] = new("number", Code(d.Optimizer.Momentum), Allowed(SpecSchema.MomentumRange) + "; 0 needs `nesterov: false`", "`momentum: 0.9`"),
            ["optimizer.nesterov"] = new("boolean", Code(d.Optimizer.Nesterov ? "true" : "false"), "`true`, `false`; `true` needs momentum > 0", "`nesterov: false`"),
            ["optimizer.weight_decay"] = new("number", Code(d.Optimizer.WeightDecay), Allowed(SpecSchema.WeightDecayRange), "`weight_decay: 5e-4`"),
            ["schedule.kind"] = new("text", Code(d.Schedule.Kind), Codes(SpecSchema.ScheduleKinds), "`kind: cosine`"),
            ["schedule.milestones"] = new("list of integers", Code("[" + string.Join(", ", d.Schedule.Milestones) + "]"),
                "strictly increasing, each ≥ 1 and < `training.epochs`", "`milestones: [60, 120, 160]`", "(multistep)"),
            ["schedule.factor"] = new("number", Code(d.Schedule.Factor), Allowed(SpecSchema.FactorRange) + " (above 1 raises the rate)", "`factor: 0.2`", "(multistep)"),
            ["method.name"] = new("text", Code(d.Method.Name), "see [Methods](#methods)", "`method: { name: isda }`"),
            ["gan.name"] = new("text", Code(SpecSchema.DefaultGan), "see [GAN objectives](#gan-objectives)", "`gan: { name: wgan }`", "(kind gan)"),
            ["evaluation.report"] = new("text", Code(d.Evaluation.Report), string.Join(", ", SpecSchema.Reports.Select(name => Code(name) + name switch
            {
                "last10" => " (mean of the last 10 epochs)",
                _ => "",
            })), "`report: final`"),
            ["evaluation.paper_error"] = new("number or null", d.Evaluation.PaperError is { } error ? Code(error) : "null",
                Allowed(SpecSchema.PaperErrorRange) + ": the paper's published test error in %, for `isda report` to show next to the measured one", "`paper_error: 6.33`"),
        };
    }

    private static string Allowed(ParameterRule rule) =>
        rule.Range is { } range ? Allowed(range)
        : rule.Choices.Count > 0 ? Codes(rule.Choices)
        : rule.ReferencedKind is { } kind
            ? $"an experiment of kind `{kind}`{(rule.ReferencedComponents.Count == 0 ? "" : $" with {(kind == "gan" ? "objective" : "method")} {string.Join(" or ", rule.ReferencedComponents.Select(c => Code(c)))}")} on the same data set (ISDA013 otherwise)"
        : "any";

    private static string Type(ValueKind kind) => kind switch
    {
        ValueKind.Integer => "integer",
        ValueKind.Number => "number",
        ValueKind.Experiment => "experiment name",
        _ => "text",
    };

    private static string Nullable(string? value, string meaning) => value is null ? $"null ({meaning})" : Code(value);

    /// <summary>"a", "a and b", "a, b and c".</summary>
    private static string Listed(IReadOnlyList<string> names) =>
        names.Count <= 1 ? string.Join("", names) : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[names.Count - 1];

    private static string Codes(IEnumerable<string> values) => string.Join(", ", values.Select(Code));

    private static string Code(string value) => "`" + value + "`";

    private static string Code(double value) => Code(value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Text for a table cell: a '|' would end it.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|");
}
