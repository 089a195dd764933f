using IsdaDsl.Runtime.Reconstruction;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using IsdaDsl.Experiments.Generated;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Runtime.Data;
using IsdaDsl.Runtime.Methods;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Settings;
using IsdaDsl.Runtime.Training;
using IsdaDsl.Spec;
using IsdaDsl.Tests.Gan;
using IsdaDsl.Tests.Generator;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Spec;

/// <summary>
/// Build = run: a spec the build accepts is one the runtime constructs, and a spec the build rejects is one the
/// runtime refuses (with an <see cref="ArgumentException"/>, never anything else). Every parameter of every
/// architecture and method, every section key with a declared range and every cross-field rule is walked through
/// its boundaries, derived from the declarations in <see cref="SpecSchema"/>: minimum, maximum, just outside each
/// (integers ±1, numbers a relative step of 1e-6), each allowed value and choice plus an unknown one, the depth form
/// step·n + offset for n = 0, 1, 2 and off it, evenness. Each case is a YAML spec read by <see cref="SpecReader"/>
/// and a run's construction (data settings checked, network, method, optimizer and schedule built, as the
/// <see cref="Trainer"/> does) from the resolved settings when the build accepts it, or from the same raw values
/// when it does not. All disagreements are reported together.
/// </summary>
/// <remarks>
/// Each parameter is walked with the other parameters of its component at their cheapest valid values (the smallest
/// valid integers, the declared defaults of real numbers and choices), so every network is tiny: one case costs
/// milliseconds, except the TorchVision ImageNet networks, which exist in their full sizes only.
/// </remarks>
public sealed partial class BuildEqualsRunTests(ITestOutputHelper output)
{
    private static readonly InputShape Shape = new(3, 32, 32);
    private const int Classes = 10;

    /// <summary>Where the untrained generators of the GAN-augmentation cases are written, beside the test assembly.</summary>
    private static readonly string GeneratorFolder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "test-generators")).FullName;

    /// <summary>A relative step just outside (or inside) a real-number boundary; absolute at 0.</summary>
    private const double RelativeStep = 1e-6;

    /// <summary>The section keys with a declared range that reach a run's settings, by the field that declares the range.</summary>
    private static readonly (string Field, string Section, string Key, ValueRange Range, bool Integer)[] SectionRanges =
    [
        (nameof(SpecSchema.EpochsRange), "training", "epochs", SpecSchema.EpochsRange, true),
        (nameof(SpecSchema.BatchSizeRange), "training", "batch_size", SpecSchema.BatchSizeRange, true),
        (nameof(SpecSchema.LearningRateRange), "optimizer", "lr", SpecSchema.LearningRateRange, false),
        (nameof(SpecSchema.MomentumRange), "optimizer", "momentum", SpecSchema.MomentumRange, false),
        (nameof(SpecSchema.WeightDecayRange), "optimizer", "weight_decay", SpecSchema.WeightDecayRange, false),
        (nameof(SpecSchema.FactorRange), "schedule", "factor", SpecSchema.FactorRange, false),
        (nameof(SpecSchema.CutoutRange), "data", "cutout", SpecSchema.CutoutRange, true),
        (nameof(SpecSchema.TrainFractionRange), "data", "train_fraction", SpecSchema.TrainFractionRange, false),
    ];

    /// <summary>Ranges of keys that never reach a run's settings, and why: the runtime has nothing to construct from them.</summary>
    private static readonly (string Field, string Why)[] RangesOutsideARun =
    [
        (nameof(SpecSchema.RunsRange), "training.runs is how many seeds the CLI runs, not a setting of one run"),
        (nameof(SpecSchema.PaperErrorRange), "evaluation.paper_error is the published error reports compare against"),
    ];

    /// <summary>The section keys that choose among names, each walked through every name and an unknown one.</summary>
    private static readonly (string Section, string Key, IReadOnlyList<string> Choices)[] SectionChoices =
    [
        ("data", "name", SpecSchema.DatasetNames),
        ("data", "augmentation", SpecSchema.Augmentations),
        ("schedule", "kind", SpecSchema.ScheduleKinds),
    ];

    [Fact]
    public void The_build_accepts_exactly_what_the_runtime_constructs()
    {
        var clock = Stopwatch.StartNew();
        var cases = Walk().ToList();
        var constructed = new Dictionary<string, Exception?>(StringComparer.Ordinal);
        var disagreements = new List<string>();
        var verdicts = new Dictionary<string, HashSet<bool>>(StringComparer.Ordinal);
        foreach (var walked in cases)
        {
            var read = SpecReader.Read(walked.Yaml, "spec.yaml");
            var accepted = read.Problems.Count == 0 && read.Experiments.Count == 1;
            verdicts.TryAdd(walked.Subject, []);
            verdicts[walked.Subject].Add(accepted);
            var raw = walked.RawSettings();
            var settings = accepted ? SpecSettings.ToTrainingSettings(read.Experiments[0]) : raw;
            if (accepted && Describe(settings) != Describe(raw))
                disagreements.Add($"{walked}: the walk's raw settings {Describe(raw)} differ from the resolved {Describe(settings)}");
            var key = Describe(settings);
            if (!constructed.TryGetValue(key, out var thrown))
                constructed[key] = thrown = Construct(settings);
            var runs = thrown is null;
            if (accepted != runs || thrown is not null && thrown.GetType() != typeof(ArgumentException))
            {
                var build = accepted ? "accepts" : "rejects: " + string.Join(" | ", read.Problems.Select(p => $"{p.Id} {p.Message}"));
                var runtime = runs ? "constructs" : $"throws {thrown!.GetType().Name}: {thrown.Message}";
                disagreements.Add($"{walked}: build {build}; runtime {runtime}");
            }
        }
        output.WriteLine($"{cases.Count} cases, {constructed.Count} distinct runtime settings, {clock.Elapsed.TotalSeconds:F1} s");

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {cases.Count} cases disagree:\n" + string.Join("\n", disagreements));
        var oneSided = verdicts.Where(v => v.Value.Count < 2 && v.Key != BaselineSubject).Select(v => $"{v.Key}: always {(v.Value.Single() ? "accepted" : "rejected")}").ToList();
        Assert.True(oneSided.Count == 0, "a walk that never crosses its boundary proves nothing:\n" + string.Join("\n", oneSided));
    }

    [Fact]
    public void The_walk_reaches_every_declared_parameter_range_and_constraint()
    {
        var subjects = Walk().Select(c => c.Subject).ToHashSet(StringComparer.Ordinal);
        var expected = new List<string>();
        foreach (var (section, _, components) in Components())
        {
            foreach (var (name, rules) in components)
                expected.AddRange(rules.Select(rule => $"{section} {name}.{rule.Key}"));
        }
        expected.AddRange(SectionRanges.Select(r => $"{r.Section}.{r.Key}"));
        expected.AddRange(SpecSchema.Constraints.Select(c => $"constraint {c.Component}.{c.Key}"));
        Assert.DoesNotContain(expected, subject => !subjects.Contains(subject));

        // A range declared for a section key is either walked or, reaching no run, named here with the reason.
        var declared = typeof(SpecSchema).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(ValueRange))
            .Select(f => f.Name)
            .Order(StringComparer.Ordinal);
        Assert.Equal(declared, SectionRanges.Select(r => r.Field).Concat(RangesOutsideARun.Select(r => r.Field))
            .Concat(GanSectionRanges.Select(r => r.Field)).Distinct().Order(StringComparer.Ordinal));

        // Every GAN objective's parameters and the gan experiments' own section ranges.
        var ganSubjects = GanWalk().Select(c => c.Subject).ToHashSet(StringComparer.Ordinal);
        var ganExpected = SpecSchema.Gans.SelectMany(g => g.Value.Select(rule => $"gan {g.Key}.{rule.Key}"))
            .Concat(GanSectionRanges.Select(r => $"gan {r.Section}.{r.Key}"))
            .Append("gan.name");
        Assert.DoesNotContain(ganExpected, subject => !ganSubjects.Contains(subject));
    }

    /// <summary>
    /// Every experiment of the repository's specs, matrices expanded, constructs from its resolved settings: data
    /// settings checked, network, method, optimizer and schedule built. A network is built once per distinct
    /// architecture, parameters and input, and serves every experiment that uses it.
    /// </summary>
    [Fact]
    public void Every_repository_reconstruction_resolves_to_valid_settings()
    {
        var files = RepositoryRoot.ExperimentFiles().ToArray();
        var names = new List<string>();
        foreach (var (path, _) in RepositoryRoot.ExperimentSpecs())
        {
            foreach (var spec in GeneratorHarness.Read(path, files).Experiments.Where(e => e.IsReconstruction))
            {
                var settings = SpecSettings.ToReconstructionSettings(spec);
                // The schedules a run builds check their values against the same declared ranges.
                _ = ReconstructionSchedule.Of(settings.Step1Iterations, settings.Step1LearningRate, settings.LearningRateDropEvery, settings.LearningRateDropFactor, settings.Momentum, settings.WeightDecay);
                _ = ReconstructionSchedule.Of(settings.Step2Iterations, settings.Step2LearningRate, settings.LearningRateDropEvery, settings.LearningRateDropFactor, settings.Momentum, settings.WeightDecay);
                Assert.Equal(spec.Data.Name, settings.Data.Name);
                names.Add(spec.Name);
            }
        }
        Assert.Equal(ExperimentCatalog.Reconstructions.Keys.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.Contains("fashion-mnist-reconstruction", names);
    }

    [Fact]
    public void Every_repository_experiment_constructs_from_its_resolved_settings()
    {
        var clock = Stopwatch.StartNew();
        var files = RepositoryRoot.ExperimentFiles().ToArray();
        var problems = new List<string>();
        var experiments = new List<(string Name, TrainingSettings Settings)>();
        foreach (var (path, _) in RepositoryRoot.ExperimentSpecs())
        {
            var read = GeneratorHarness.Read(path, files);
            problems.AddRange(read.Problems.Select(p => $"{path}: {p.Id} {p.Message}"));
            // Gan experiments construct through GanModels: Every_repository_gan_experiment_constructs_from_its_resolved_settings;
            // reconstructions build no network of their own: Every_repository_reconstruction_resolves_to_valid_settings.
            experiments.AddRange(read.Experiments.Where(e => e.Kind == SpecSchema.DefaultKind).Select(e => (e.Name, SpecSettings.ToTrainingSettings(e))));
        }
        Assert.Empty(problems);
        Assert.Equal(ExperimentCatalog.All.Keys.Order(StringComparer.Ordinal), experiments.Select(e => e.Name).Order(StringComparer.Ordinal));

        var failures = new List<string>();
        var networks = 0;
        foreach (var group in experiments.GroupBy(e => $"{Describe(e.Settings.Model)} on {InputOf(e.Settings.Data)}", StringComparer.Ordinal))
        {
            var first = group.First().Settings;
            ClassifierNetwork network;
            try
            {
                network = ArchitectureCatalog.Create(first.Model, InputOf(first.Data), ClassesOf(first.Data));
                networks++;
            }
            catch (Exception e)
            {
                failures.AddRange(group.Select(g => $"{g.Name}: network {group.Key}: {e.GetType().Name}: {e.Message}"));
                continue;
            }
            using (network)
            {
                foreach (var (name, settings) in group)
                {
                    try
                    {
                        settings.Validate();
                        DatasetCatalog.Validate(settings.Data);
                        using var method = MethodCatalog.Create(settings.Method, TestGenerators.Context(ClassesOf(settings.Data), network.FeatureDim, InputOf(settings.Data), GeneratorFolder));
                        using var optimizer = settings.Optimizer.Create(network.parameters());
                        settings.Schedule.Create(settings.Optimizer.LearningRate, settings.Epochs);
                    }
                    catch (Exception e)
                    {
                        failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
                    }
                }
            }
        }
        output.WriteLine($"{experiments.Count} experiments, {networks} distinct networks, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The subject of the one case every other varies: valid, and so never crossing a boundary itself.</summary>
    private const string BaselineSubject = "baseline";

    /// <summary>The walk: every case, each under the subject (parameter, key or rule) whose boundary it probes.</summary>
    private static IEnumerable<Case> Walk()
    {
        var baseline = Case.Empty;
        foreach (var (section, nameKey, components) in Components())
            baseline = WithComponent(baseline, section, nameKey, section == "model" ? SpecSchema.DefaultArchitecture : SpecSchema.DefaultMethod, components);
        yield return baseline.As(BaselineSubject, "the baseline: every section at its default, the components at their cheapest");

        // Each component with its cheapest valid parameters, then each parameter through its boundaries.
        foreach (var (section, nameKey, components) in Components())
        {
            foreach (var name in components.Keys)
            {
                var component = WithComponent(baseline, section, nameKey, name, components);
                yield return component.As($"{section}.{nameKey}", $"{nameKey}: {name}, its parameters at their cheapest");
                foreach (var rule in components[name])
                {
                    foreach (var value in Boundaries(rule))
                        yield return component.With(section, rule.Key, value).As($"{section} {name}.{rule.Key}", $"{rule.Key}: {value}");
                }
            }
            yield return baseline.With(section, nameKey, "no-such-" + nameKey).As($"{section}.{nameKey}", "an unknown name");
        }

        // Section keys with a range; milestones [] keep the default milestones from binding the epochs (a rule walked below).
        var sections = baseline.With("schedule", "milestones", "[]");
        foreach (var (_, section, key, range, integer) in SectionRanges)
        {
            foreach (var value in Boundaries(range, integer))
                yield return sections.With(section, key, Text(value, integer)).As($"{section}.{key}", $"{key}: {Text(value, integer)}");
        }
        foreach (var (section, key, choices) in SectionChoices)
        {
            foreach (var choice in choices.Append("no-such-" + key))
                yield return baseline.With(section, key, choice).As($"{section}.{key}", $"{key}: {choice}");
        }

        foreach (var crossed in CrossFieldRules(baseline))
            yield return crossed;
    }

    /// <summary>The rules that tie keys together: each walked across the values where it flips.</summary>
    private static IEnumerable<Case> CrossFieldRules(Case baseline)
    {
        // Milestones in [1, epochs), strictly increasing; absent, the default milestones bind the epochs.
        var minEpochs = (int)SpecSchema.EpochsRange.Min!.Value;
        var epochs = new[] { minEpochs, minEpochs + 1 }
            .Concat(SpecSchema.DefaultMilestones.SelectMany(m => new[] { m, m + 1 }))
            .Append(SpecSchema.DefaultEpochs)
            .Distinct();
        foreach (var e in epochs)
        {
            var run = baseline.With("training", "epochs", Text(e, true));
            yield return run.As("milestones vs epochs", $"epochs: {e}, the default milestones");
            yield return run.With("schedule", "kind", "cosine").As("milestones vs epochs", $"epochs: {e}, cosine");
            int[][] lists = [[], [1], [0], [-1], [e - 1], [e], [e + 1], [1, 1], [2, 1], [1, e - 1], [1, e], [e - 2, e - 1]];
            foreach (var list in lists.DistinctBy(l => string.Join(",", l)))
            {
                var milestones = "[" + string.Join(", ", list.Select(m => Text(m, true))) + "]";
                yield return run.With("schedule", "milestones", milestones).As("milestones vs epochs", $"epochs: {e}, milestones: {milestones}");
            }
        }

        // Cosine decays over the whole run: milestones and a factor are rejected with it, kept by multistep. Not
        // walked: `milestones: []` and the default factor written out, which a run's settings cannot tell from absent
        // ones (the build rejects the keys, a run sees the values cosine resolves to).
        foreach (var kind in SpecSchema.ScheduleKinds)
        {
            var schedule = baseline.With("schedule", "kind", kind);
            yield return schedule.With("schedule", "milestones", "[1]").As("schedule kind vs milestones and factor", $"{kind}, milestones: [1]");
            foreach (var factor in Boundaries(SpecSchema.FactorRange, integer: false).Append(0.5).Where(f => f != SpecSchema.DefaultFactor))
                yield return schedule.With("schedule", "factor", Text(factor, false)).As("schedule kind vs milestones and factor", $"{kind}, factor: {Text(factor, false)}");
        }

        // A cutout hole no larger than the images; the CIFAR AutoAugment policy on the data sets that take it.
        foreach (var dataset in SpecSchema.Datasets)
        {
            var data = baseline.With("data", "name", dataset.Name);
            foreach (var cutout in new[] { 0, dataset.ImageSize - 1, dataset.ImageSize, dataset.ImageSize + 1 })
                yield return data.With("data", "cutout", Text(cutout, true)).As("cutout vs image size", $"{dataset.Name}, cutout: {cutout}");
            foreach (var augmentation in SpecSchema.Augmentations)
                yield return data.With("data", "augmentation", augmentation).As("augmentation vs data set", $"{dataset.Name}, augmentation: {augmentation}");
        }

        // Nesterov momentum needs momentum: given, or by default (nesterov: true is the default).
        var momentumMin = SpecSchema.MomentumRange.Min!.Value;
        foreach (var nesterov in new[] { null, "true", "false" })
        {
            foreach (var momentum in new[] { null, Text(momentumMin, false), Text(momentumMin + Step(momentumMin, false), false), Text(momentumMin - Step(momentumMin, false), false) })
            {
                yield return baseline.With("optimizer", "nesterov", nesterov).With("optimizer", "momentum", momentum)
                    .As("nesterov vs momentum", $"nesterov: {nesterov ?? "(default)"}, momentum: {momentum ?? "(default)"}");
            }
        }

        // Rules over several parameters of one component: the other integers at their first three valid values, the
        // constrained key through its boundaries and, for a real number, the fractions 1/k and next to them: where
        // ⌊θ·c⌋ reaches 1 for c channels (DenseNet-BC's first three depths and growth rates give c ≤ 15).
        foreach (var constraint in SpecSchema.Constraints)
        {
            var (section, nameKey, components) = Components().First(c => c.Components.ContainsKey(constraint.Component));
            var rules = components[constraint.Component];
            var component = WithComponent(baseline, section, nameKey, constraint.Component, components);
            var constrained = rules.First(r => r.Key == constraint.Key);
            var values = Boundaries(constrained)
                .Concat(constrained.Kind == ValueKind.Number
                    ? Enumerable.Range(1, 16).SelectMany(k => Around(1.0 / k, integer: false)).Select(v => Text(v, false))
                    : [])
                .Distinct()
                .ToList();
            IEnumerable<Case> combinations = [component];
            foreach (var other in rules.Where(r => r.Key != constraint.Key && r.Kind == ValueKind.Integer))
            {
                var otherValues = FirstValid(other.Range!).Take(3).Select(v => Text(v, true)).ToList();
                combinations = combinations.SelectMany(c => otherValues.Select(v => c.With(section, other.Key, v))).ToList();
            }
            foreach (var combination in combinations)
            {
                foreach (var value in values)
                    yield return combination.With(section, constraint.Key, value).As($"constraint {constraint.Component}.{constraint.Key}", $"{combination.With(section, constraint.Key, null).Describe(section)}, {constraint.Key}: {value}");
            }
        }
    }

    private static IEnumerable<(string Section, string NameKey, IReadOnlyDictionary<string, IReadOnlyList<ParameterRule>> Components)> Components() =>
    [
        ("model", SpecSchema.ComponentKey("model")!, SpecSchema.Architectures),
        ("method", SpecSchema.ComponentKey("method")!, SpecSchema.Methods),
    ];

    /// <summary><paramref name="from"/> with its <paramref name="section"/> replaced by component <paramref name="name"/> at its cheapest valid parameters.</summary>
    private static Case WithComponent(Case from, string section, string nameKey, string name, IReadOnlyDictionary<string, IReadOnlyList<ParameterRule>> components) =>
        components[name].Aggregate(from.WithoutSection(section).With(section, nameKey, name), (c, rule) => c.With(section, rule.Key, Cheapest(rule)));

    /// <summary>The smallest valid integer (the smallest network), the declared default of a real number or a choice.</summary>
    private static string Cheapest(ParameterRule rule) => rule.Kind switch
    {
        ValueKind.Integer => Text(FirstValid(rule.Range!).First(), true),
        ValueKind.Experiment => ValidReference,
        // As the resolved spec writes it: a fraction default (1/6) as its value.
        ValueKind.Number => Text(rule.DefaultNumber, false),
        _ => rule.Default,
    };

    /// <summary>A well-formed experiment name: whether it exists is the build's cross-file check (ISDA013), not a run's.</summary>
    private const string ValidReference = "some-gan";

    /// <summary>The valid integers of <paramref name="range"/>, from its bottom up.</summary>
    private static IEnumerable<double> FirstValid(ValueRange range)
    {
        var bottom = range.Allowed is { } allowed ? allowed.Min() : Math.Floor(range.Min ?? 0);
        for (var value = bottom; value < bottom + 10_000; value++)
        {
            if (range.Accepts(value))
                yield return value;
        }
    }

    /// <summary>The values that probe <paramref name="rule"/>, as spec text: its range's boundaries, or each choice and an unknown one.</summary>
    private static IEnumerable<string> Boundaries(ParameterRule rule) => rule.Kind switch
    {
        ValueKind.Choice => rule.Choices.Append("no-such-" + rule.Key),
        ValueKind.Experiment => [ValidReference, "Some-Gan", "-gan", "a..b/c"],
        var kind => Boundaries(rule.Range!, kind == ValueKind.Integer).Select(v => Text(v, kind == ValueKind.Integer)),
    };

    /// <summary>
    /// The boundaries of <paramref name="range"/> and the values just outside and inside each: the bounds, each
    /// allowed value, the form step·n + offset for n = 0, 1, 2 and the values next to it, the first even numbers
    /// and the odd ones between.
    /// </summary>
    private static IEnumerable<double> Boundaries(ValueRange range, bool integer)
    {
        var values = new List<double>();
        if (range.Min is { } min)
            values.AddRange(Around(min, integer));
        if (range.Max is { } max)
            values.AddRange(Around(max, integer));
        foreach (var allowed in range.Allowed ?? [])
            values.AddRange(Around(allowed, integer));
        if (range.Step > 0)
        {
            values.AddRange(new[] { 0, 1, 2 }.Select(n => (double)(range.Step * n + range.Offset)));
            values.AddRange(Around(range.Step + range.Offset, integer));
            values.AddRange(Around(2 * range.Step + range.Offset, integer));
        }
        if (range.Even && range.Min is { } bottom)
        {
            var even = Math.Ceiling(bottom / 2) * 2;
            values.AddRange([even - 1, even, even + 1, even + 2, even + 3]);
        }
        return values.Distinct().Order();
    }

    private static IEnumerable<double> Around(double value, bool integer) => [value - Step(value, integer), value, value + Step(value, integer)];

    private static double Step(double value, bool integer) => integer ? 1 : value == 0 ? RelativeStep : Math.Abs(value) * RelativeStep;

    private static string Text(double value, bool integer) =>
        integer ? ((long)value).ToString(CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>What a run does before its first step, as the <see cref="Trainer"/> does it: the exception that stops it, or null.</summary>
    private static Exception? Construct(TrainingSettings settings)
    {
        try
        {
            settings.Validate();
            DatasetCatalog.Validate(settings.Data);
            using var network = ArchitectureCatalog.Create(settings.Model, Shape, Classes);
            using var method = MethodCatalog.Create(settings.Method, TestGenerators.Context(network.NumClasses, network.FeatureDim, Shape, GeneratorFolder));
            using var optimizer = settings.Optimizer.Create(network.parameters());
            settings.Schedule.Create(settings.Optimizer.LearningRate, settings.Epochs);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static InputShape InputOf(DataSettings data)
    {
        var size = SpecSchema.Datasets.Single(d => d.Name == data.Name).ImageSize;
        // Fashion-MNIST's images are grey, the others colour.
        return new InputShape(data.Name == "fashion-mnist" ? 1 : 3, size, size);
    }

    private static int ClassesOf(DataSettings data) => data.Name switch
    {
        "cifar100" => 100,
        "imagenet" => 1000,
        _ => 10,
    };

    /// <summary>Settings as invariant text, for comparing and for naming what was constructed.</summary>
    private static string Describe(TrainingSettings s) => string.Create(CultureInfo.InvariantCulture,
        $"data {s.Data.Name} {s.Data.Augmentation} cutout {s.Data.CutoutSize} fraction {s.Data.TrainFraction:R}; model {Describe(s.Model)}; method {Describe(s.Method)}; " +
        $"sgd lr {s.Optimizer.LearningRate:R} momentum {s.Optimizer.Momentum:R} nesterov {s.Optimizer.Nesterov} wd {s.Optimizer.WeightDecay:R}; " +
        $"{s.Schedule.Kind} [{string.Join(", ", s.Schedule.Milestones)}] ×{s.Schedule.Factor:R}; epochs {s.Epochs}; batch {s.BatchSize}; seed {s.Seed}");

    private static string Describe(ComponentSettings component) =>
        $"{component.Name}({string.Join(", ", component.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))})";

    /// <summary>
    /// One walked spec: values by section and key as YAML text (scalars, flow lists), written in order, under the
    /// subject whose boundary it probes.
    /// </summary>
    private sealed record Case(string Subject, string Label, IReadOnlyList<(string Section, string Key, string Value)> Values)
    {
        public static Case Empty { get; } = new("", "", []);

        public Case As(string subject, string label) => this with { Subject = subject, Label = label };

        /// <summary>The key set to <paramref name="value"/> (in place when present), or removed when null.</summary>
        public Case With(string section, string key, string? value)
        {
            var values = Values.ToList();
            var at = values.FindIndex(v => v.Section == section && v.Key == key);
            if (value is null)
            {
                if (at >= 0)
                    values.RemoveAt(at);
            }
            else if (at >= 0)
                values[at] = (section, key, value);
            else
                values.Add((section, key, value));
            return this with { Values = values };
        }

        public Case WithoutSection(string section) => this with { Values = Values.Where(v => v.Section != section).ToList() };

        public string? Get(string section, string key) =>
            Values.Where(v => v.Section == section && v.Key == key).Select(v => v.Value).FirstOrDefault();

        public string Describe(string section) => string.Join(", ", Values.Where(v => v.Section == section).Select(v => $"{v.Key}: {v.Value}"));

        public string Yaml => string.Concat(Values.GroupBy(v => v.Section).Select(g => $"{g.Key}:\n" + string.Concat(g.Select(v => $"  {v.Key}: {v.Value}\n"))));

        /// <summary>
        /// The settings a run gets from these values as written, whether or not the build accepts them: each absent
        /// key at the default the build resolves it to, each component parameter passed as its text.
        /// </summary>
        public TrainingSettings RawSettings()
        {
            var kind = Get("schedule", "kind") ?? "multistep";
            return new TrainingSettings
            {
                Name = "spec",
                Data = new DataSettings(Get("data", "name") ?? SpecSchema.DefaultDataset)
                {
                    Augmentation = Get("data", "augmentation") ?? "standard",
                    CutoutSize = Int("data", "cutout") ?? 0,
                    TrainFraction = Number("data", "train_fraction") ?? SpecSchema.DefaultTrainFraction,
                },
                Model = Component("model"),
                Method = Component("method"),
                Optimizer = new OptimizerSettings(
                    Number("optimizer", "lr") ?? SpecSchema.DefaultLearningRate,
                    Number("optimizer", "momentum") ?? SpecSchema.DefaultMomentum,
                    Get("optimizer", "nesterov") is { } nesterov ? bool.Parse(nesterov) : SpecSchema.DefaultNesterov,
                    Number("optimizer", "weight_decay") ?? SpecSchema.DefaultWeightDecay),
                Schedule = new ScheduleSettings(
                    kind,
                    Get("schedule", "milestones") is { } list
                        ? list.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m => int.Parse(m, CultureInfo.InvariantCulture)).ToArray()
                        : kind == "cosine" ? [] : [.. SpecSchema.DefaultMilestones],
                    Number("schedule", "factor") ?? SpecSchema.DefaultFactor),
                Epochs = Int("training", "epochs") ?? SpecSchema.DefaultEpochs,
                BatchSize = Int("training", "batch_size") ?? SpecSchema.DefaultBatchSize,
            };
        }

        private ComponentSettings Component(string section)
        {
            var nameKey = SpecSchema.ComponentKey(section)!;
            var name = Get(section, nameKey) ?? (section == "model" ? SpecSchema.DefaultArchitecture : SpecSchema.DefaultMethod);
            return new ComponentSettings(name, Values.Where(v => v.Section == section && v.Key != nameKey).ToDictionary(v => v.Key, v => v.Value));
        }

        private int? Int(string section, string key) => Get(section, key) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;

        private double? Number(string section, string key) => Get(section, key) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : null;

        public override string ToString() => $"{Subject} — {Label}";
    }
}
