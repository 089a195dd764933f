using System.Diagnostics;
using IsdaDsl.Experiments.Generated;
using IsdaDsl.Runtime.Data;
using IsdaDsl.Runtime.Gan;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Settings;
using IsdaDsl.Spec;
using IsdaDsl.Tests.Generator;

namespace IsdaDsl.Tests.Spec;

/// <summary>
/// Build = run for kind gan: every parameter of every GAN objective (<see cref="SpecSchema.Gans"/>), the data set and
/// the gan experiments' training ranges are walked through their boundaries; a spec the build accepts maps through
/// <see cref="SpecSettings.ToGanSettings"/> onto settings that validate and construct the objective's networks
/// (<see cref="GanModels"/>), and one it rejects, written as the same raw values, is refused with an
/// <see cref="ArgumentException"/>.
/// </summary>
public sealed partial class BuildEqualsRunTests
{
    /// <summary>The training keys of a gan experiment with a declared range, by the field that declares it.</summary>
    private static readonly (string Field, string Section, string Key, ValueRange Range, bool Integer)[] GanSectionRanges =
    [
        (nameof(SpecSchema.EpochsRange), "training", "epochs", SpecSchema.EpochsRange, true),
        (nameof(SpecSchema.GanBatchSizeRange), "training", "batch_size", SpecSchema.GanBatchSizeRange, true),
    ];

    [Fact]
    public void The_build_accepts_exactly_the_gan_specs_the_runtime_constructs()
    {
        var clock = Stopwatch.StartNew();
        var cases = GanWalk().ToList();
        var disagreements = new List<string>();
        var verdicts = new Dictionary<string, HashSet<bool>>(StringComparer.Ordinal);
        var constructed = new Dictionary<string, Exception?>(StringComparer.Ordinal);
        foreach (var walked in cases)
        {
            var read = SpecReader.Read(GanYaml(walked), "spec.yaml");
            var accepted = read.Problems.Count == 0 && read.Experiments.Count == 1;
            verdicts.TryAdd(walked.Subject, []);
            verdicts[walked.Subject].Add(accepted);
            Exception? thrown;
            if (accepted)
            {
                var resolved = SpecSettings.ToGanSettings(read.Experiments[0]);
                var raw = RawGanSettings(walked);
                if (raw.ToString() != resolved.ToString())
                    disagreements.Add($"{walked}: the walk's raw settings {raw} differ from the resolved {resolved}");
                thrown = ConstructGan(() => resolved, constructed);
            }
            else
            {
                thrown = ConstructGan(() => RawGanSettings(walked), constructed);
            }
            var runs = thrown is null;
            if (accepted != runs || thrown is not null && thrown.GetType() != typeof(ArgumentException))
            {
                var build = accepted ? "accepts" : "rejects: " + string.Join(" | ", read.Problems.Select(p => $"{p.Id} {p.Message}"));
                var runtime = runs ? "constructs" : $"throws {thrown!.GetType().Name}: {thrown.Message}";
                disagreements.Add($"{walked}: build {build}; runtime {runtime}");
            }
        }
        output.WriteLine($"{cases.Count} gan cases, {constructed.Count} distinct runtime settings, {clock.Elapsed.TotalSeconds:F1} s");

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {cases.Count} gan cases disagree:\n" + string.Join("\n", disagreements));
        var oneSided = verdicts.Where(v => v.Value.Count < 2 && v.Key != BaselineSubject).Select(v => $"{v.Key}: always {(v.Value.Single() ? "accepted" : "rejected")}").ToList();
        Assert.True(oneSided.Count == 0, "a walk that never crosses its boundary proves nothing:\n" + string.Join("\n", oneSided));
    }

    /// <summary>Every gan experiment of the repository's specs validates its GanSettings and constructs its networks.</summary>
    [Fact]
    public void Every_repository_gan_experiment_constructs_from_its_resolved_settings()
    {
        var files = RepositoryRoot.ExperimentFiles().ToArray();
        var gans = new List<(string Name, GanSettings Settings)>();
        foreach (var (path, _) in RepositoryRoot.ExperimentSpecs())
        {
            var read = GeneratorHarness.Read(path, files);
            Assert.Empty(read.Problems);
            gans.AddRange(read.Experiments.Where(e => e.IsGan).Select(e => (e.Name, SpecSettings.ToGanSettings(e))));
        }
        Assert.NotEmpty(gans);
        Assert.Equal(ExperimentCatalog.Gans.Keys.Order(StringComparer.Ordinal), gans.Select(g => g.Name).Order(StringComparer.Ordinal));
        var failures = gans.Select(g => (g.Name, Thrown: ConstructGan(() => g.Settings, new Dictionary<string, Exception?>())))
            .Where(g => g.Thrown is not null).Select(g => $"{g.Name}: {g.Thrown!.GetType().Name}: {g.Thrown.Message}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The gan walk: each objective with its cheapest parameters, each parameter through its boundaries, an unknown objective, the data sets and the training ranges.</summary>
    private static IEnumerable<Case> GanWalk()
    {
        var baseline = WithComponent(Case.Empty, "gan", "name", SpecSchema.DefaultGan, SpecSchema.Gans).With("data", "name", "fashion-mnist");
        yield return baseline.As(BaselineSubject, "the gan baseline: fashion-mnist, the default objective at its cheapest");
        foreach (var (name, rules) in SpecSchema.Gans)
        {
            var component = WithComponent(baseline, "gan", "name", name, SpecSchema.Gans);
            yield return component.As("gan.name", $"name: {name}, its parameters at their cheapest");
            foreach (var rule in rules)
            {
                foreach (var value in Boundaries(rule))
                    yield return component.With("gan", rule.Key, value).As($"gan {name}.{rule.Key}", $"{rule.Key}: {value}");
            }
        }
        yield return baseline.With("gan", "name", "no-such-name").As("gan.name", "an unknown objective");
        foreach (var (_, section, key, range, integer) in GanSectionRanges)
        {
            foreach (var value in Boundaries(range, integer))
                yield return baseline.With(section, key, Text(value, integer)).As($"gan {section}.{key}", $"{key}: {Text(value, integer)}");
        }
        foreach (var dataset in SpecSchema.DatasetNames.Append("no-such-name"))
            yield return baseline.With("data", "name", dataset).As("gan data.name", $"data: {dataset}");
    }

    private static string GanYaml(Case walked) => "kind: gan\n" + walked.Yaml;

    /// <summary>
    /// The GAN settings a run gets from the walked values as written, whether or not the build accepts them: the
    /// objective's absent parameters at their declared defaults, the given ones as their text, mapped as the build's are.
    /// </summary>
    private static GanSettings RawGanSettings(Case walked)
    {
        var name = walked.Get("gan", "name") ?? SpecSchema.DefaultGan;
        var given = walked.Values.Where(v => v.Section == "gan" && v.Key != "name").ToDictionary(v => v.Key, v => v.Value);
        var declared = SpecSchema.Gans.TryGetValue(name, out var rules) ? rules.Select(r => (r.Key, r.Kind, Text: given.GetValueOrDefault(r.Key, r.Default))) : [];
        var parameters = declared.Concat(given.Where(g => rules is null || rules.All(r => r.Key != g.Key)).Select(g => (g.Key, Kind: ValueKind.Number, Text: g.Value)))
            .Select(p => new SpecParameter(p.Key, p.Kind, p.Text));
        var template = Assert.Single(SpecReader.Read("kind: gan\n", "spec.yaml").Experiments);
        var spec = template with
        {
            Name = "spec",
            Data = template.Data with { Name = walked.Get("data", "name") ?? SpecSchema.DefaultDataset },
            Training = template.Training with
            {
                Epochs = walked.Get("training", "epochs") is { } epochs ? int.Parse(epochs, System.Globalization.CultureInfo.InvariantCulture) : SpecSchema.DefaultGanEpochs,
                BatchSize = walked.Get("training", "batch_size") is { } batch ? int.Parse(batch, System.Globalization.CultureInfo.InvariantCulture) : SpecSchema.DefaultGanBatchSize,
            },
            Gan = new ComponentSpec(name, SourceSpan.FileStart, new EquatableArray<SpecParameter>(parameters)),
        };
        return SpecSettings.ToGanSettings(spec);
    }

    /// <summary>What a GAN run does before its first step: settings validated, data settings checked, its networks and objective built.</summary>
    private static Exception? ConstructGan(Func<GanSettings> settingsOf, Dictionary<string, Exception?> cache)
    {
        GanSettings settings;
        try
        {
            settings = settingsOf();
        }
        catch (Exception e)
        {
            return e;
        }
        var key = settings.ToString();
        if (cache.TryGetValue(key, out var known))
            return known;
        Exception? thrown = null;
        try
        {
            settings.Validate();
            DatasetCatalog.Validate(settings.Data);
            var image = InputOf(settings.Data);
            var classes = ClassesOf(settings.Data);
            using var generator = GanModels.Generator(settings, image, classes);
            using var discriminator = GanModels.Discriminator(settings, image, classes);
            GanModels.Objective(settings);
        }
        catch (Exception e)
        {
            thrown = e;
        }
        cache[key] = thrown;
        return thrown;
    }
}
