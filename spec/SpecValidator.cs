using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace IsdaDsl.Spec;

/// <summary>Checks a parsed spec against <see cref="SpecSchema"/> and resolves it, defaults included.</summary>
public static class SpecValidator
{
    /// <summary>
    /// The resolved spec when there is no problem, and every problem found. A base (<paramref name="isBase"/>) is
    /// checked on its own, except where a rule depends on what it leaves to its extenders: milestones against epochs
    /// it does not set, parameters of a method or architecture it does not choose, a cutout or augmentation for a
    /// data set it does not name.
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
        var (kind, kindGiven) = ReadKind(mapping, problems);
        // A base that leaves the kind to its extenders may hold the sections of either; it is read as classification.
        var anyKind = isBase && !kindGiven;
        RejectSectionsOfOtherKind(mapping, kind, anyKind, problems);
        // A section of the other kind was reported above and is not read: its values would only mislead.
        var empty = new SpecMapping(EquatableArray<SpecEntry>.Empty, mapping.Span);
        SectionReader Open(string section) =>
            SectionReader.Open(anyKind || SpecSchema.SectionsOf(kind).Contains(section) ? mapping : empty, section, problems);

        var isGan = kind == "gan";
        var isReconstruction = kind == "reconstruction";
        var data = isGan || isReconstruction ? ReadGanData(Open("data"), kind) : ReadData(Open("data"), isBase);
        var model = ReadComponent(Open("model"), "model", SpecSchema.DefaultArchitecture, SpecSchema.Architectures, isBase);
        var trainingSection = Open("training");
        // A gan experiment's training has its own defaults (those of the runtime's GanSettings) and batches of at least 2;
        // a reconstruction's only a seed and a number of runs.
        var training = kind switch
        {
            "gan" => ReadTraining(trainingSection, SpecSchema.DefaultGanEpochs, SpecSchema.DefaultGanBatchSize, SpecSchema.GanBatchSizeRange),
            "reconstruction" => ReadReconstructionTraining(trainingSection),
            _ => ReadTraining(trainingSection, SpecSchema.DefaultEpochs, SpecSchema.DefaultBatchSize, SpecSchema.BatchSizeRange),
        };
        var optimizer = ReadOptimizer(Open("optimizer"), isBase);
        var epochs = isBase && trainingSection.Find("epochs") is null ? (int?)null : training.Epochs;
        var schedule = kind == SpecSchema.DefaultKind
            ? ReadSchedule(Open("schedule"), epochs, isBase ? null : trainingSection)
            : ReadSchedule(Open("schedule"), null, null);
        var methodSection = Open("method");
        var method = ReadComponent(methodSection, "method", SpecSchema.DefaultMethod, SpecSchema.Methods, isBase);
        var evaluation = ReadEvaluation(Open("evaluation"));
        var gan = isGan || (anyKind && mapping.Find("gan") is not null)
            ? ReadComponent(Open("gan"), "gan", SpecSchema.DefaultGan, SpecSchema.Gans, isBase)
            : null;
        var reconstructionSection = Open("reconstruction");
        var reconstruction = isReconstruction || (anyKind && mapping.Find("reconstruction") is not null)
            ? ReadReconstruction(reconstructionSection, isBase)
            : null;

        var references = isBase ? EquatableArray<ExperimentReference>.Empty
            : isReconstruction ? References(reconstructionSection, "reconstruction", reconstruction!, SpecSchema.Reconstruction, data.Name)
            : References(methodSection, "method", method, SpecSchema.Methods.TryGetValue(method.Name, out var rules) ? rules : [], data.Name);
        var spec = new ExperimentSpec(name, nameSpan, data, model, training, optimizer, schedule, method, evaluation)
        {
            Kind = kind,
            Gan = isGan ? gan : null,
            Reconstruction = isReconstruction ? reconstruction : null,
            References = references,
        };
        return (problems.Count == 0 ? spec : null, problems);
    }

    /// <summary>
    /// The <c>reconstruction</c> section: its parameters, read like a component's. A base may set some and leave the
    /// required references to its extenders.
    /// </summary>
    private static ComponentSpec ReadReconstruction(SectionReader section, bool isBase)
    {
        var found = new List<SpecProblem>();
        var parameters = SpecSchema.Reconstruction
            .Select(rule => new SpecParameter(rule.Key, rule.Kind, isBase && rule.Required && section.Find(rule.Key) is null ? "" : ReadParameter(section.RecordingInto(found), rule)))
            .ToList();
        found.ForEach(section.Add);
        section.RejectUnknownKeys(SpecSchema.KeysOf("reconstruction"));
        return new ComponentSpec("reconstruction", SourceSpan.FileStart, new EquatableArray<SpecParameter>(parameters));
    }

    /// <summary>A reconstruction's training: the seed of its image choice and shifts, and its number of runs.</summary>
    private static TrainingSpec ReadReconstructionTraining(SectionReader training)
    {
        foreach (var key in SpecSchema.TrainingKeys.Except(SpecSchema.ReconstructionTrainingKeys))
        {
            if (training.Find(key) is { } node)
            {
                training.Add(new SpecProblem(ProblemIds.ForeignParameter,
                    $"training.{key} belongs to kinds classification and gan, not to kind reconstruction (its iterations are reconstruction.step1_iterations and step2_iterations); kind reconstruction's training takes: {string.Join(", ", SpecSchema.ReconstructionTrainingKeys)}", node.Span));
            }
        }
        var spec = new TrainingSpec(SpecSchema.DefaultEpochs, SpecSchema.DefaultBatchSize, training.Int("seed", 0), training.Int("runs", SpecSchema.DefaultRuns, SpecSchema.RunsRange));
        training.RejectUnknownKeys(SpecSchema.TrainingKeys);
        return spec;
    }

    /// <summary>The top-level <c>kind</c> (classification when absent) and whether the spec gives it.</summary>
    private static (string Kind, bool Given) ReadKind(SpecMapping root, List<SpecProblem> problems)
    {
        switch (root.Find("kind"))
        {
            case null:
            case SpecScalar { IsNull: true }:
                return (SpecSchema.DefaultKind, false);
            case SpecScalar scalar when SpecSchema.Kinds.Contains(scalar.Value):
                return (scalar.Value, true);
            case SpecScalar scalar:
                problems.Add(new SpecProblem(ProblemIds.UnknownName,
                    $"unknown kind '{SpecText.Clip(scalar.Value)}'{EditDistance.Suggestion(scalar.Value, SpecSchema.Kinds)}; known: {string.Join(", ", SpecSchema.Kinds)}", scalar.Span));
                return (SpecSchema.DefaultKind, true);
            case var node:
                problems.Add(new SpecProblem(ProblemIds.WrongType, $"kind must be one of {string.Join(", ", SpecSchema.Kinds)}", node.Span));
                return (SpecSchema.DefaultKind, true);
        }
    }

    /// <summary>A setting section that belongs to the other kind (method in a gan spec, gan in a classification spec): ISDA006.</summary>
    private static void RejectSectionsOfOtherKind(SpecMapping root, string kind, bool anyKind, List<SpecProblem> problems)
    {
        if (anyKind)
            return;
        var takes = SpecSchema.SectionsOf(kind);
        foreach (var entry in root.Entries.Where(e => SpecSchema.SettingSections.Contains(e.Key.Value) && !takes.Contains(e.Key.Value)))
        {
            // A null section is how a spec drops one it inherits.
            if (entry.Value is SpecScalar { IsNull: true })
                continue;
            problems.Add(new SpecProblem(ProblemIds.ForeignParameter,
                $"{entry.Key.Value} belongs to kind {SpecSchema.KindOf(entry.Key.Value)}; kind {kind} takes: {string.Join(", ", takes)}", entry.Key.Span));
        }
    }

    /// <summary>
    /// A gan or reconstruction experiment's data: the data set and its root; a GAN sees all the real images, unaugmented, and
    /// so does a reconstruction, which compares them with a GAN's.
    /// </summary>
    private static DataSpec ReadGanData(SectionReader data, string kind)
    {
        var name = data.Choice("name", SpecSchema.DefaultDataset, SpecSchema.DatasetNames, "data set");
        var root = data.Text("root", null);
        foreach (var key in SpecSchema.DataKeys.Except(SpecSchema.GanDataKeys))
        {
            if (data.Find(key) is { } node)
            {
                data.Add(new SpecProblem(ProblemIds.ForeignParameter,
                    $"data.{key} belongs to kind classification, not to kind {kind} (a GAN sees all the real images, unaugmented); kind {kind}'s data takes: {string.Join(", ", SpecSchema.GanDataKeys)}", node.Span));
            }
        }
        data.RejectUnknownKeys(SpecSchema.DataKeys);
        // The DCGAN networks (docs/method.md §9.2) generate 28×28 or 32×32 images.
        var takers = SpecSchema.Datasets.Where(d => d.ImageSize is 28 or 32).Select(d => d.Name).ToList();
        if (data.ReadAs("name", name) && !takers.Contains(name))
            data.OutOfRange("name", $"of kind {kind} must be a data set of 28×28 or 32×32 images, the DCGAN networks' sizes: {EitherOf(takers)}", name, data.Find("name")!.Span);
        return new DataSpec(name, root, "standard", 0, SpecSchema.DefaultTrainFraction);
    }

    private static (string Name, SourceSpan Span) ReadName(SpecMapping root, string defaultName, List<SpecProblem> problems)
    {
        var node = root.Find("name");
        switch (node)
        {
            case null:
            case SpecScalar { IsNull: true }:
                return (defaultName, SourceSpan.FileStart);
            case SpecScalar scalar when ExperimentName.Check(scalar.Value) is { } reason:
                problems.Add(new SpecProblem(ProblemIds.OutOfRange, $"name {reason}, got '{SpecText.Clip(scalar.Value)}'", scalar.Span));
                return (defaultName, scalar.Span);
            case SpecScalar scalar:
                return (scalar.Value, scalar.Span);
            default:
                problems.Add(new SpecProblem(ProblemIds.WrongType, "name must be a text", node.Span));
                return (defaultName, node.Span);
        }
    }

    private static DataSpec ReadData(SectionReader data, bool isBase)
    {
        var spec = new DataSpec(
            data.Choice("name", SpecSchema.DefaultDataset, SpecSchema.DatasetNames, "data set"),
            data.Text("root", null),
            data.Choice("augmentation", "standard", SpecSchema.Augmentations, "augmentation"),
            data.Int("cutout", 0, SpecSchema.CutoutRange),
            data.Number("train_fraction", SpecSchema.DefaultTrainFraction, SpecSchema.TrainFractionRange));
        // Judged against the data set only when it was named correctly: against the fallback they would mislead. A
        // base that leaves the data set to its extenders is judged against each: wrong only where none would do.
        if (isBase && data.Find("name") is null)
            CheckAgainstAnyDataset(data, spec);
        else if (data.ReadAs("name", spec.Name))
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

    /// <summary>A base's cutout and augmentation when its extenders choose the data set: wrong only for every data set.</summary>
    private static void CheckAgainstAnyDataset(SectionReader data, DataSpec spec)
    {
        var largest = SpecSchema.Datasets.OrderByDescending(d => d.ImageSize).First();
        if (spec.Cutout > largest.ImageSize)
        {
            data.OutOfRange("cutout", $"must be ≤ {largest.ImageSize} pixels (the largest image size, of {largest.Name})",
                spec.Cutout.ToString(CultureInfo.InvariantCulture), data.Find("cutout")!.Span);
        }
        // Every augmentation suits some data set (autoaugment the CIFAR ones): an extender that names another is told.
    }

    private static ComponentSpec ReadComponent(
        SectionReader section, string sectionName, string defaultName, IReadOnlyDictionary<string, IReadOnlyList<ParameterRule>> components, bool isBase)
    {
        var nameKey = SpecSchema.ComponentKey(sectionName)!;
        var what = sectionName switch { "model" => "architecture", "gan" => "objective", _ => "method" };
        var chosen = section.Choice(nameKey, defaultName, components.Keys.OrderBy(k => k, System.StringComparer.Ordinal).ToList(), what);
        var nameSpan = section.Find(nameKey)?.Span ?? SourceSpan.FileStart;
        if (isBase && section.Find(nameKey) is null)
            return ReadUnchosenComponent(section, nameKey, what, chosen, nameSpan, components);
        var rules = components[chosen];
        var found = new List<SpecProblem>();
        var parameters = rules.Select(rule => new SpecParameter(rule.Key, rule.Kind, ReadParameter(section.RecordingInto(found), rule))).ToList();
        found.ForEach(section.Add);
        // With an unknown name, its parameters cannot be judged: the name's own problem says enough.
        if (section.ReadAs(nameKey, chosen))
        {
            // Rules over several parameters, once each is valid on its own.
            if (found.Count == 0)
                CheckConstraints(section, chosen, parameters);
            var allowed = new[] { nameKey }.Concat(rules.Select(r => r.Key)).ToList();
            section.RejectUnknownKeys(allowed, key => SpecSchema.OwnersOf(key, components) is { Count: > 0 } owners ? $"{what} {EitherOf(owners)}" : null, $"{what} {chosen}");
        }
        return new ComponentSpec(chosen, nameSpan, new EquatableArray<SpecParameter>(parameters));
    }

    /// <summary>The parameters of <paramref name="component"/> (declared by <paramref name="rules"/>) that name other experiments, with where each is written.</summary>
    private static EquatableArray<ExperimentReference> References(
        SectionReader section, string sectionName, ComponentSpec component, IReadOnlyList<ParameterRule> rules, string dataset)
    {
        var references = rules
            .Where(rule => rule.Kind == ValueKind.Experiment && section.Find(rule.Key) is SpecScalar)
            .Select(rule => new ExperimentReference($"{sectionName}.{rule.Key}", component.Parameters.First(p => p.Key == rule.Key).Text,
                rule.ReferencedKind!, dataset, section.Find(rule.Key)!.Span) { Components = new EquatableArray<string>(rule.ReferencedComponents) })
            .Where(reference => reference.Name.Length > 0);
        return new EquatableArray<ExperimentReference>(references);
    }

    private static void CheckConstraints(SectionReader section, string component, IReadOnlyList<SpecParameter> parameters)
    {
        var numbers = parameters.Where(p => p.Kind.IsNumeric())
            .ToDictionary(p => p.Key, p => double.Parse(p.Text, CultureInfo.InvariantCulture));
        foreach (var constraint in SpecSchema.Constraints.Where(c => c.Component == component && !c.Holds(numbers)))
        {
            var span = section.Find(constraint.Key)?.Span ?? parameters.Select(p => section.Find(p.Key)?.Span).FirstOrDefault(s => s is not null) ?? SourceSpan.FileStart;
            section.OutOfRange(constraint.Key, constraint.Rule, parameters.First(p => p.Key == constraint.Key).Text, span);
        }
    }

    /// <summary>
    /// A base that leaves the architecture or method to its extenders: a parameter is fine when some component that
    /// has it accepts its value (depth 28 suits wide-resnet, not resnet). The parameters resolved here are the
    /// defaults and never used, as a base is not an experiment.
    /// </summary>
    private static ComponentSpec ReadUnchosenComponent(
        SectionReader section, string nameKey, string what, string fallback, SourceSpan nameSpan, IReadOnlyDictionary<string, IReadOnlyList<ParameterRule>> components)
    {
        foreach (var key in SpecSchema.Parameters(components).Select(rule => rule.Key).Where(key => section.Find(key) is not null))
        {
            var trials = components
                .Where(c => c.Value.Any(r => r.Key == key))
                .OrderBy(c => c.Key, System.StringComparer.Ordinal)
                .Select(c =>
                {
                    var found = new List<SpecProblem>();
                    ReadParameter(section.RecordingInto(found), c.Value.First(r => r.Key == key));
                    return (Owner: c.Key, Problems: found);
                })
                .ToList();
            if (trials.Any(t => t.Problems.Count == 0))
                continue;
            // One owner, or owners that share the rule (or a wrong type): the problem as a chosen component gives it.
            var distinct = trials.Select(t => t.Problems[0]).Distinct().ToList();
            if (distinct.Count == 1)
            {
                section.Add(distinct[0]);
                continue;
            }
            // Out of range for each owner by a different rule: one problem naming each rule.
            if (section.Find(key) is SpecScalar node
                && double.TryParse(node.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                && trials.Select(t => components[t.Owner].First(r => r.Key == key).Check(value)).ToList() is var reasons
                && reasons.All(r => r is not null))
            {
                var rules = trials.Zip(reasons, (t, reason) => (t.Owner, Reason: reason!))
                    .GroupBy(t => t.Reason)
                    .Select(g => $"{g.Key} for {what} {EitherOf(g.Select(t => t.Owner).ToList())}");
                section.OutOfRange(key, $"suits no {what} that has it: {string.Join("; ", rules)}", node.Value, node.Span);
            }
            else
            {
                foreach (var problem in distinct)
                    section.Add(problem);
            }
        }
        section.RejectUnknownKeys([nameKey, .. SpecSchema.Parameters(components).Select(rule => rule.Key)]);
        var defaults = components[fallback].Select(rule => new SpecParameter(rule.Key, rule.Kind, rule.Default));
        return new ComponentSpec(fallback, nameSpan, new EquatableArray<SpecParameter>(defaults));
    }

    private static string ReadParameter(SectionReader section, ParameterRule rule) => rule.Kind switch
    {
        ValueKind.Integer => section.Int(rule.Key, int.Parse(rule.Default, CultureInfo.InvariantCulture), rule.Range).ToString(CultureInfo.InvariantCulture),
        ValueKind.Number => section.Number(rule.Key, rule.DefaultNumber, rule.Range).ToString("R", CultureInfo.InvariantCulture),
        ValueKind.Experiment => ReadExperimentName(section, rule),
        _ => section.Choice(rule.Key, rule.Default, rule.Choices, rule.Key),
    };

    /// <summary>A required reference to another experiment: its name, or "" (with the problem recorded) when absent or malformed.</summary>
    private static string ReadExperimentName(SectionReader section, ParameterRule rule)
    {
        var what = $"the name of an experiment of kind {rule.ReferencedKind}";
        switch (section.Find(rule.Key))
        {
            case null:
                section.Add(new SpecProblem(ProblemIds.MissingValue, $"{section.Name}.{rule.Key} is required: {what} ({rule.Description})",
                    (SpecSchema.ComponentKey(section.Name) is { } nameKey ? section.Find(nameKey)?.Span : null) ?? SourceSpan.FileStart));
                return "";
            case SpecScalar scalar when ExperimentName.Check(scalar.Value) is { } reason:
                section.OutOfRange(rule.Key, $"must be {what}; an experiment name {reason}", $"'{SpecText.Clip(scalar.Value)}'", scalar.Span);
                return "";
            case SpecScalar scalar:
                return scalar.Value;
            case var node:
                section.Add(new SpecProblem(ProblemIds.WrongType, $"{section.Name}.{rule.Key} must be {what}, got {SpecText.Describe(node)}", node.Span));
                return "";
        }
    }

    private static TrainingSpec ReadTraining(SectionReader training, int defaultEpochs, int defaultBatchSize, ValueRange batchSizeRange)
    {
        var spec = new TrainingSpec(
            training.Int("epochs", defaultEpochs, SpecSchema.EpochsRange),
            training.Int("batch_size", defaultBatchSize, batchSizeRange),
            training.Int("seed", 0),
            training.Int("runs", SpecSchema.DefaultRuns, SpecSchema.RunsRange));
        training.RejectUnknownKeys(SpecSchema.TrainingKeys);
        return spec;
    }

    // Nesterov momentum needs momentum. When nesterov is the default (true), the problem lies at the momentum; a base
    // that leaves nesterov to its extenders may be extended by one that turns it off.
    private static OptimizerSpec ReadOptimizer(SectionReader optimizer, bool isBase)
    {
        var momentum = optimizer.Number("momentum", SpecSchema.DefaultMomentum, SpecSchema.MomentumRange);
        var nesterov = optimizer.Bool("nesterov", SpecSchema.DefaultNesterov);
        if (nesterov && momentum == 0)
        {
            if (optimizer.Find("nesterov") is { } node)
                optimizer.OutOfRange("nesterov", "needs momentum > 0", "true", node.Span);
            else if (!isBase && optimizer.Find("momentum") is { } given)
                optimizer.OutOfRange("momentum", "must be > 0 with nesterov: true, the default; set optimizer.nesterov: false for SGD without momentum", "0", given.Span);
        }
        var spec = new OptimizerSpec(
            optimizer.Number("lr", SpecSchema.DefaultLearningRate, SpecSchema.LearningRateRange),
            momentum,
            nesterov,
            optimizer.Number("weight_decay", SpecSchema.DefaultWeightDecay, SpecSchema.WeightDecayRange));
        optimizer.RejectUnknownKeys(SpecSchema.OptimizerKeys);
        return spec;
    }

    // Epochs are null in a base that leaves them to its extenders: milestones cannot be judged against them there.
    private static ScheduleSpec ReadSchedule(SectionReader schedule, int? epochs, SectionReader? training)
    {
        var kind = schedule.Choice("kind", "multistep", SpecSchema.ScheduleKinds, "schedule kind");
        var factor = schedule.Number("factor", SpecSchema.DefaultFactor, SpecSchema.FactorRange);
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
        // The default milestones bind a run too: a short run must say where its rate drops, or choose cosine. The
        // problem lies at the epochs; a base (no training reader) leaves the milestones to its extenders.
        if (milestones is null && epochs is { } runLength && SpecSchema.DefaultMilestones.Any(m => m >= runLength) && training?.Find("epochs") is { } epochsNode)
        {
            training.OutOfRange("epochs",
                $"must be above the default schedule.milestones ({string.Join(", ", SpecSchema.DefaultMilestones)}); set schedule.milestones below {runLength} or schedule.kind: cosine",
                runLength.ToString(CultureInfo.InvariantCulture), epochsNode.Span);
        }
        var resolved = milestones?.Select(m => m.Value) ?? SpecSchema.DefaultMilestones;
        return new ScheduleSpec(kind, new EquatableArray<int>(resolved), factor);
    }

    private static EvaluationSpec ReadEvaluation(SectionReader evaluation)
    {
        var spec = new EvaluationSpec(
            evaluation.Choice("report", "last10", SpecSchema.Reports, "report"),
            evaluation.OptionalNumber("paper_error", SpecSchema.PaperErrorRange));
        evaluation.RejectUnknownKeys(SpecSchema.EvaluationKeys);
        return spec;
    }

    /// <summary>"a", "a or b", "a, b or c".</summary>
    private static string EitherOf(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[names.Count - 1];
}
