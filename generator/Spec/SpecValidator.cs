using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace IsdaDsl.Generator.Spec;

/// <summary>Checks a parsed spec against <see cref="SpecSchema"/> and resolves it, defaults included.</summary>
public static class SpecValidator
{
    /// <summary>The resolved spec when there is no problem, and every problem found.</summary>
    public static (ExperimentSpec? Spec, IReadOnlyList<SpecProblem> Problems) Validate(SpecNode root, string defaultName)
    {
        var problems = new List<SpecProblem>();
        if (root is SpecScalar { IsNull: true })
            root = new SpecMapping([], root.Span);
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
        var model = ReadComponent(SectionReader.Open(mapping, "model", problems), "architecture", SpecSchema.DefaultArchitecture, SpecSchema.Architectures);
        var training = ReadTraining(SectionReader.Open(mapping, "training", problems));
        var optimizer = ReadOptimizer(SectionReader.Open(mapping, "optimizer", problems));
        var schedule = ReadSchedule(SectionReader.Open(mapping, "schedule", problems), training.Epochs);
        var method = ReadComponent(SectionReader.Open(mapping, "method", problems), "name", SpecSchema.DefaultMethod, SpecSchema.Methods);
        var evaluation = ReadEvaluation(SectionReader.Open(mapping, "evaluation", problems));

        var spec = new ExperimentSpec(name, nameSpan, data, model, training, optimizer, schedule, method, evaluation);
        return (problems.Count == 0 ? spec : null, problems);
    }

    private static (string Name, SourceSpan Span) ReadName(SpecMapping root, string defaultName, List<SpecProblem> problems)
    {
        var node = root.Entries.FirstOrDefault(e => e.Key.Value == "name")?.Value;
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
            data.Choice("name", SpecSchema.DefaultDataset, SpecSchema.DatasetNames, "data set"),
            data.Text("root", null),
            data.Choice("augmentation", "standard", SpecSchema.Augmentations, "augmentation"),
            data.Int("cutout", 0, Ranges.AtLeast(0, " pixels")));
        // Judged against the data set only when it was named correctly: against the fallback they would mislead.
        if (data.ReadAs("name", spec.Name))
            CheckAgainstDataset(data, spec, SpecSchema.Datasets.First(d => d.Name == spec.Name));
        data.RejectUnknownKeys(SpecSchema.DataKeys);
        return spec;
    }

    /// <summary>What a data set rules out: a cutout hole larger than its images, a policy learned on other images.</summary>
    private static void CheckAgainstDataset(SectionReader data, DataSpec spec, DatasetRule dataset)
    {
        // Both values differ from their defaults here, so the spec gives them.
        if (spec.Cutout > dataset.ImageSize)
        {
            data.OutOfRange("cutout", $"must be ≤ {dataset.ImageSize} pixels (the image size of {dataset.Name})",
                spec.Cutout.ToString(CultureInfo.InvariantCulture), data.Find("cutout")!.Span);
        }
        if (spec.Augmentation == "autoaugment" && !dataset.TakesAutoAugment)
        {
            var takers = SpecSchema.Datasets.Where(d => d.TakesAutoAugment).Select(d => d.Name).ToList();
            data.OutOfRange("augmentation", $"autoaugment is the CIFAR policy: it needs data set {EitherOf(takers)}",
                $"autoaugment on {dataset.Name}", data.Find("augmentation")!.Span);
        }
    }

    private static ComponentSpec ReadComponent(
        SectionReader section, string nameKey, string defaultName, IReadOnlyDictionary<string, IReadOnlyList<ParameterRule>> components)
    {
        var what = nameKey == "architecture" ? "architecture" : "method";
        var chosen = section.Choice(nameKey, defaultName, components.Keys.OrderBy(k => k, System.StringComparer.Ordinal).ToList(), what);
        var rules = components[chosen];
        var parameters = rules.Select(rule => new SpecParameter(rule.Key, rule.Kind, ReadParameter(section, rule))).ToList();
        // With an unknown name, its parameters cannot be judged: the name's own problem says enough.
        if (section.ReadAs(nameKey, chosen))
        {
            var allowed = new[] { nameKey }.Concat(rules.Select(r => r.Key)).ToList();
            section.RejectUnknownKeys(allowed, key => SpecSchema.OwnersOf(key, components) is { Count: > 0 } owners ? $"{what} {EitherOf(owners)}" : null, $"{what} {chosen}");
        }
        var nameSpan = section.Find(nameKey)?.Span ?? SourceSpan.FileStart;
        return new ComponentSpec(chosen, nameSpan, new EquatableArray<SpecParameter>(parameters));
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
            training.Int("epochs", SpecSchema.DefaultEpochs, Ranges.AtLeast(1)),
            training.Int("batch_size", SpecSchema.DefaultBatchSize, Ranges.AtLeast(1)),
            training.Int("seed", 0),
            training.Int("runs", SpecSchema.DefaultRuns, Ranges.AtLeast(1)));
        training.RejectUnknownKeys(SpecSchema.TrainingKeys);
        return spec;
    }

    private static OptimizerSpec ReadOptimizer(SectionReader optimizer)
    {
        var momentum = optimizer.Number("momentum", SpecSchema.DefaultMomentum, Ranges.ClosedOpen(0, 1));
        var nesterov = optimizer.Bool("nesterov", true);
        if (nesterov && momentum == 0 && optimizer.Find("nesterov") is { } node)
            optimizer.OutOfRange("nesterov", "needs momentum > 0", "true", node.Span);
        var spec = new OptimizerSpec(
            optimizer.Number("lr", SpecSchema.DefaultLearningRate, Ranges.Positive),
            momentum,
            nesterov,
            optimizer.Number("weight_decay", SpecSchema.DefaultWeightDecay, Ranges.AtLeast(0)));
        optimizer.RejectUnknownKeys(SpecSchema.OptimizerKeys);
        return spec;
    }

    private static ScheduleSpec ReadSchedule(SectionReader schedule, int epochs)
    {
        var kind = schedule.Choice("kind", "multistep", SpecSchema.ScheduleKinds, "schedule kind");
        var factor = schedule.Number("factor", SpecSchema.DefaultFactor, Ranges.OpenClosed(0, 1));
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
            else if (value >= epochs)
                schedule.OutOfRange("milestones", $"must be below the number of epochs ({epochs})", value.ToString(CultureInfo.InvariantCulture), span);
            previous = value;
        }
        schedule.RejectUnknownKeys(SpecSchema.ScheduleKeys);
        var resolved = milestones?.Select(m => m.Value) ?? SpecSchema.DefaultMilestones;
        return new ScheduleSpec(kind, new EquatableArray<int>(resolved), factor);
    }

    private static EvaluationSpec ReadEvaluation(SectionReader evaluation)
    {
        var spec = new EvaluationSpec(
            evaluation.Choice("report", "last10", SpecSchema.Reports, "report"),
            evaluation.OptionalNumber("paper_error", Ranges.Closed(0, 100)));
        evaluation.RejectUnknownKeys(SpecSchema.EvaluationKeys);
        return spec;
    }

    /// <summary>"a", "a or b", "a, b or c".</summary>
    private static string EitherOf(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[names.Count - 1];
}
