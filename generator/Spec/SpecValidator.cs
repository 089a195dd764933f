using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace IsdaDsl.Generator.Spec;

/// <summary>Checks a parsed spec against <see cref="SpecSchema"/> and resolves it, defaults included.</summary>
public static class SpecValidator
{
    /// <summary>
    /// The resolved spec when there is no problem, and every problem found. A base (<paramref name="isBase"/>) is
    /// checked on its own, except where a rule depends on what it leaves to its extenders: milestones against epochs
    /// it does not set, parameters of a method or architecture it does not choose.
    /// </summary>
    public static (ExperimentSpec? Spec, IReadOnlyList<SpecProblem> Problems) Validate(SpecNode root, string defaultName, bool isBase)
    {
        var problems = new List<SpecProblem>();
        if (root is not SpecMapping mapping)
        {
            problems.Add(new SpecProblem(ProblemIds.WrongType, $"a spec must be a mapping of sections ({string.Join(", ", SpecSchema.Sections)})", root.Span));
            return (null, problems);
        }
        foreach (var entry in mapping.Entries.Where(e => !SpecSchema.Sections.Contains(e.Key.Value)))
        {
            problems.Add(new SpecProblem(ProblemIds.UnknownKey,
                $"unknown section '{entry.Key.Value}'{EditDistance.Suggestion(entry.Key.Value, SpecSchema.Sections)}; allowed: {string.Join(", ", SpecSchema.Sections)}", entry.Key.Span));
        }

        var (name, nameSpan) = ReadName(mapping, defaultName, problems);
        var data = ReadData(SectionReader.Open(mapping, "data", problems));
        var model = ReadComponent(SectionReader.Open(mapping, "model", problems), "model", SpecSchema.DefaultArchitecture, SpecSchema.Architectures, isBase);
        var trainingSection = SectionReader.Open(mapping, "training", problems);
        var training = ReadTraining(trainingSection);
        var optimizer = ReadOptimizer(SectionReader.Open(mapping, "optimizer", problems));
        var epochs = isBase && trainingSection.Find("epochs") is null ? (int?)null : training.Epochs;
        var schedule = ReadSchedule(SectionReader.Open(mapping, "schedule", problems), epochs);
        var method = ReadComponent(SectionReader.Open(mapping, "method", problems), "method", SpecSchema.DefaultMethod, SpecSchema.Methods, isBase);
        var evaluation = SectionReader.Open(mapping, "evaluation", problems);
        var report = evaluation.Choice("report", "last10", SpecSchema.Reports, "report");
        evaluation.RejectUnknownKeys(SpecSchema.EvaluationKeys);

        var spec = new ExperimentSpec(name, nameSpan, data, model, training, optimizer, schedule, method, report);
        return (problems.Count == 0 ? spec : null, problems);
    }

    private static (string Name, SourceSpan Span) ReadName(SpecMapping root, string defaultName, List<SpecProblem> problems)
    {
        var node = root.Find("name");
        switch (node)
        {
            case null:
            case SpecScalar { IsNull: true }:
                return (defaultName, SourceSpan.FileStart);
            case SpecScalar scalar when scalar.Value.Any(char.IsLetterOrDigit):
                return (scalar.Value, scalar.Span);
            case SpecScalar scalar:
                problems.Add(new SpecProblem(ProblemIds.OutOfRange, $"name must contain a letter or digit, got '{scalar.Value}'", scalar.Span));
                return (defaultName, scalar.Span);
            default:
                problems.Add(new SpecProblem(ProblemIds.WrongType, "name must be a text", node.Span));
                return (defaultName, node.Span);
        }
    }

    private static DataSpec ReadData(SectionReader data)
    {
        var spec = new DataSpec(
            data.Choice("name", SpecSchema.DefaultDataset, SpecSchema.Datasets, "data set"),
            data.Text("root", null),
            data.Choice("augmentation", "standard", SpecSchema.Augmentations, "augmentation"),
            data.Int("cutout", 0, v => v >= 0 ? null : "must be ≥ 0 pixels"));
        data.RejectUnknownKeys(SpecSchema.DataKeys);
        return spec;
    }

    private static ComponentSpec ReadComponent(
        SectionReader section, string sectionName, string defaultName, IReadOnlyDictionary<string, IReadOnlyList<ParameterRule>> components, bool isBase)
    {
        var nameKey = SpecSchema.ComponentKey(sectionName)!;
        var what = nameKey == "architecture" ? "architecture" : "method";
        var chosen = section.Choice(nameKey, defaultName, components.Keys.OrderBy(k => k, System.StringComparer.Ordinal).ToList(), what);
        var chosenIsValid = section.Find(nameKey) is not SpecScalar given || given.Value == chosen;
        // A base that leaves the choice to its extenders: each parameter is checked by the rule of the component that
        // has it. The parameters resolved that way are never used, as a base is not an experiment.
        var rules = isBase && section.Find(nameKey) is null ? SpecSchema.Parameters(components) : components[chosen];
        var parameters = rules.Select(rule => new SpecParameter(rule.Key, rule.Kind, ReadParameter(section, rule))).ToList();
        // With an unknown name, its parameters cannot be judged: the name's own problem says enough.
        if (chosenIsValid)
        {
            var allowed = new[] { nameKey }.Concat(rules.Select(r => r.Key)).ToList();
            section.RejectUnknownKeys(allowed, key => SpecSchema.OwnerOf(key, components) is { } owner ? $"{what} {owner}" : null, $"{what} {chosen}");
        }
        return new ComponentSpec(chosen, new EquatableArray<SpecParameter>(parameters));
    }

    private static string ReadParameter(SectionReader section, ParameterRule rule) => rule.Kind switch
    {
        ValueKind.Integer => section.Int(rule.Key, int.Parse(rule.Default, CultureInfo.InvariantCulture), rule.Check).ToString(CultureInfo.InvariantCulture),
        ValueKind.Number => section.Number(rule.Key, double.Parse(rule.Default, CultureInfo.InvariantCulture), rule.Check).ToString("R", CultureInfo.InvariantCulture),
        _ => section.Choice(rule.Key, rule.Default, rule.Choices, rule.Key),
    };

    private static TrainingSpec ReadTraining(SectionReader training)
    {
        var spec = new TrainingSpec(
            training.Int("epochs", SpecSchema.DefaultEpochs, v => v >= 1 ? null : "must be ≥ 1"),
            training.Int("batch_size", SpecSchema.DefaultBatchSize, v => v >= 1 ? null : "must be ≥ 1"),
            training.Int("seed", 0));
        training.RejectUnknownKeys(SpecSchema.TrainingKeys);
        return spec;
    }

    private static OptimizerSpec ReadOptimizer(SectionReader optimizer)
    {
        var momentum = optimizer.Number("momentum", SpecSchema.DefaultMomentum, v => v >= 0 && v < 1 ? null : "must lie in [0, 1)");
        var nesterov = optimizer.Bool("nesterov", true);
        if (nesterov && momentum == 0 && optimizer.Find("nesterov") is { } node)
            optimizer.OutOfRange("nesterov", "needs momentum > 0", "true", node.Span);
        var spec = new OptimizerSpec(
            optimizer.Number("lr", SpecSchema.DefaultLearningRate, v => v > 0 ? null : "must be > 0"),
            momentum,
            nesterov,
            optimizer.Number("weight_decay", SpecSchema.DefaultWeightDecay, v => v >= 0 ? null : "must be ≥ 0"));
        optimizer.RejectUnknownKeys(SpecSchema.OptimizerKeys);
        return spec;
    }

    // Epochs are null in a base that leaves them to its extenders: milestones cannot be judged against them there.
    private static ScheduleSpec ReadSchedule(SectionReader schedule, int? epochs)
    {
        var kind = schedule.Choice("kind", "multistep", SpecSchema.ScheduleKinds, "schedule kind");
        var factor = schedule.Number("factor", SpecSchema.DefaultFactor, v => v > 0 && v <= 1 ? null : "must lie in (0, 1]");
        if (kind == "cosine")
        {
            // Cosine decays over the whole run: milestones and factor would be silently ignored.
            schedule.RejectUnknownKeys(["kind"], key => SpecSchema.ScheduleKeys.Contains(key) ? "schedule kind multistep" : null, "schedule kind cosine");
            return new ScheduleSpec(kind, EquatableArray<int>.Empty, SpecSchema.DefaultFactor);
        }
        var milestones = schedule.IntList("milestones");
        var previous = 0;
        foreach (var (value, span) in milestones ?? [])
        {
            if (value <= previous)
                schedule.OutOfRange("milestones", $"must be strictly increasing epochs ≥ 1", value.ToString(CultureInfo.InvariantCulture), span);
            else if (epochs is { } limit && value >= limit)
                schedule.OutOfRange("milestones", $"must be below the number of epochs ({limit})", value.ToString(CultureInfo.InvariantCulture), span);
            previous = value;
        }
        schedule.RejectUnknownKeys(SpecSchema.ScheduleKeys);
        var resolved = milestones?.Select(m => m.Value) ?? SpecSchema.DefaultMilestones;
        return new ScheduleSpec(kind, new EquatableArray<int>(resolved), factor);
    }
}
