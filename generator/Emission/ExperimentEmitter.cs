using System.Globalization;
using System.Linq;
using IsdaDsl.Generator.Pipeline;
using IsdaDsl.Spec;

namespace IsdaDsl.Generator.Emission;

/// <summary>
/// One experiment → a class with its typed settings (closed vocabularies as enums, each component's typed options
/// record of the runtime), the runtime's <c>TrainingSettings</c> through the one spec → settings mapping, factories,
/// <c>Run</c> and partial hooks.
/// </summary>
internal static class ExperimentEmitter
{
    public static string Emit(ExperimentModel model, RuntimeImplementations runtime)
    {
        if (model.Spec.IsGan)
            return EmitGan(model);
        if (model.Spec.IsReconstruction)
            return EmitReconstruction(model);
        var spec = model.Spec;
        var architecture = runtime.Architectures?.FirstOrDefault(c => c.Name == spec.Model.Name);
        var method = runtime.Methods?.FirstOrDefault(c => c.Name == spec.Method.Name);
        var w = Header(model, "System.Collections.Generic", "System.Threading", "IsdaDsl.Runtime.Data", "IsdaDsl.Runtime.Execution",
            "IsdaDsl.Runtime.Methods", "IsdaDsl.Runtime.Models", "IsdaDsl.Runtime.Settings", "IsdaDsl.Runtime.Training", "IsdaDsl.Spec",
            "Device = TorchSharp.torch.Device", "SGD = TorchSharp.Modules.SGD");
        w.Line($"/// <summary>Experiment {Xml(spec.Name)}.</summary>");
        using (w.Block($"public static partial class {model.ClassName}"))
        {
            EmitIdentity(w, model, "ToTrainingSettings");
            EmitSettings(w, spec, architecture, method);
            w.Line()
                .Line("/// <summary>The resolved settings as the runtime's records.</summary>")
                .Line("public static TrainingSettings ToTrainingSettings() => SpecSettings.ToTrainingSettings(Spec);")
                .Line();
            EmitFactories(w, architecture is not null, method is not null);
            w.Line();
            EmitRunAndHooks(w);
        }
        return w.ToString();
    }

    private static void EmitSettings(IndentedWriter w, ExperimentSpec spec, RuntimeComponent? architecture, RuntimeComponent? method)
    {
        w.Line("/// <summary>Every value of the spec, defaults filled in.</summary>");
        using (w.Block("public static class Settings"))
        {
            using (w.Block("public static class Data"))
            {
                w.Line($"public const {VocabularyEmitter.Qualified(Vocabulary.Dataset)} Name = {VocabularyEmitter.Member(Vocabulary.Dataset, spec.Data.Name)};")
                    .Line($"public const string? Root = {CSharpLiteral.String(spec.Data.Root)};")
                    .Line($"public const {VocabularyEmitter.Qualified(Vocabulary.Augmentation)} Augmentation = {VocabularyEmitter.Member(Vocabulary.Augmentation, spec.Data.Augmentation)};")
                    .Line($"public const int Cutout = {CSharpLiteral.Int(spec.Data.Cutout)};")
                    .Line($"public const double TrainFraction = {CSharpLiteral.Double(spec.Data.TrainFraction)};");
            }
            w.Line();
            EmitComponent(w, "Model", "Architecture", spec.Model, architecture, "network");
            w.Line();
            EmitTraining(w, spec.Training);
            w.Line();
            using (w.Block("public static class Optimizer"))
            {
                w.Line($"public const double LearningRate = {CSharpLiteral.Double(spec.Optimizer.LearningRate)};")
                    .Line($"public const double Momentum = {CSharpLiteral.Double(spec.Optimizer.Momentum)};")
                    .Line($"public const bool Nesterov = {CSharpLiteral.Bool(spec.Optimizer.Nesterov)};")
                    .Line($"public const double WeightDecay = {CSharpLiteral.Double(spec.Optimizer.WeightDecay)};");
            }
            w.Line();
            using (w.Block("public static class Schedule"))
            {
                w.Line($"public const {VocabularyEmitter.Qualified(Vocabulary.ScheduleKind)} Kind = {VocabularyEmitter.Member(Vocabulary.ScheduleKind, spec.Schedule.Kind)};")
                    .Line($"public static readonly IReadOnlyList<int> Milestones = new int[] {{{Items(spec.Schedule.Milestones)}}};")
                    .Line($"public const double Factor = {CSharpLiteral.Double(spec.Schedule.Factor)};");
            }
            w.Line();
            EmitComponent(w, "Method", "Name", spec.Method, method, "training method");
            w.Line();
            using (w.Block("public static class Evaluation"))
            {
                w.Line($"public const {VocabularyEmitter.Qualified(Vocabulary.Report)} Report = {VocabularyEmitter.Member(Vocabulary.Report, spec.Evaluation.Report)};")
                    // A nullable double cannot be a constant.
                    .Line($"public static readonly double? PaperError = {CSharpLiteral.NullableDouble(spec.Evaluation.PaperError)};");
            }
        }
    }

    /// <summary>
    /// A component's constants, typed as its options record takes them (a choice the record takes as an enum is that
    /// enum's member), and the record itself, so that going to its definition leads into the runtime component.
    /// </summary>
    private static void EmitComponent(IndentedWriter w, string className, string nameProperty, ComponentSpec component, RuntimeComponent? runtime, string what)
    {
        using (w.Block($"public static class {className}"))
        {
            w.Line($"public const string {nameProperty} = {CSharpLiteral.String(component.Name)};");
            EmitConstants(w, component, runtime);
            if (runtime is null)
                return;
            var arguments = string.Join(", ", component.Parameters.Select(p => $"{Naming.ToPascalCase(p.Key)}: {Naming.ToPascalCase(p.Key)}"));
            w.Line()
                .Line($"/// <summary>The typed options the {what} is built from.</summary>")
                .Line($"public static {runtime.OptionsType} Options => new({arguments});");
        }
    }

    /// <summary>A section's parameters as constants, without a component name (the reconstruction section).</summary>
    private static void EmitParameters(IndentedWriter w, string className, ComponentSpec section)
    {
        using (w.Block($"public static class {className}"))
            EmitConstants(w, section, null);
    }

    /// <summary>One constant per parameter; a choice the component's options record takes as an enum is that enum's member.</summary>
    private static void EmitConstants(IndentedWriter w, ComponentSpec component, RuntimeComponent? runtime)
    {
        foreach (var parameter in component.Parameters)
        {
            var property = Naming.ToPascalCase(parameter.Key);
            var enumType = runtime?.Parameters.FirstOrDefault(p => p.Name == property && p.IsEnum)?.Type;
            var (type, literal) = parameter.Kind switch
            {
                ValueKind.Integer => ("int", parameter.Text),
                ValueKind.Number => ("double", CSharpLiteral.Double(double.Parse(parameter.Text, CultureInfo.InvariantCulture))),
                _ when enumType is not null => (enumType, $"{enumType}.{Naming.ToPascalCase(parameter.Text)}"),
                _ => ("string", CSharpLiteral.String(parameter.Text)),
            };
            w.Line($"public const {type} {property} = {literal};");
        }
    }

    // Every factory goes through the same runtime calls the trainer makes, so what a user builds by hand is what a
    // run trains; a component the referenced runtime lacks (ISDA011) is built through its catalog, which says so.
    private static void EmitFactories(IndentedWriter w, bool typedModel, bool typedMethod)
    {
        w.Line("/// <summary>Loads the data set with its augmentation, from <paramref name=\"root\"/> when given (else the spec's root or the data set's standard place).</summary>")
            .Line("public static TrainingData LoadData(string? root = null) =>")
            .Line("    DatasetCatalog.Load(ToTrainingSettings().Data with { Root = root ?? Settings.Data.Root });")
            .Line()
            .Line("/// <summary>A freshly initialised network for images of <paramref name=\"input\"/> in <paramref name=\"numClasses\"/> classes.</summary>")
            .Line("public static ClassifierNetwork CreateModel(InputShape input, int numClasses) =>")
            .Line(typedModel
                ? "    Settings.Model.Options.Create(input, numClasses);"
                : "    ArchitectureCatalog.Create(ToTrainingSettings().Model, input, numClasses);")
            .Line()
            .Line("/// <summary>The training objective (loss and regulariser) for <paramref name=\"network\"/>, its state on <paramref name=\"device\"/>.</summary>")
            .Line("public static ITrainingMethod CreateMethod(ClassifierNetwork network, Device device) =>")
            .Line(typedMethod
                ? "    Settings.Method.Options.Create(new MethodContext(network.NumClasses, network.FeatureDim, device));"
                : "    MethodCatalog.Create(ToTrainingSettings().Method, new MethodContext(network.NumClasses, network.FeatureDim, device));")
            .Line()
            .Line("/// <summary>SGD over the parameters of <paramref name=\"network\"/>.</summary>")
            .Line("public static SGD CreateOptimizer(ClassifierNetwork network) =>")
            .Line("    ToTrainingSettings().Optimizer.Create(network.parameters());")
            .Line()
            .Line("/// <summary>The learning rate of each epoch.</summary>")
            .Line("public static ILearningRateSchedule CreateSchedule() =>")
            .Line("    ToTrainingSettings().Schedule.Create(Settings.Optimizer.LearningRate, Settings.Training.Epochs);");
    }

    private static void EmitRunAndHooks(IndentedWriter w)
    {
        w.Line("/// <summary>The experiment's partial hooks, as the trainer calls them (also when run from the command line).</summary>")
            .Line("public static TrainingHooks Hooks { get; } = new(EpochFinished: metrics => OnEpochFinished(metrics), RunFinished: summary => OnRunFinished(summary));")
            .Line()
            .Line("/// <summary>")
            .Line("/// Trains the experiment on <paramref name=\"data\"/>, writing metrics, checkpoints and a summary into <paramref name=\"runDirectory\"/>;")
            .Line("/// with <paramref name=\"resume\"/>, continues from the checkpoint there.")
            .Line("/// </summary>")
            .Line("public static TrainingSummary Run(TrainingData data, string runDirectory, Device? device = null, ITrainingProgress? progress = null,")
            .Line("    bool resume = false, CancellationToken cancellation = default) =>")
            .Line("    new Trainer(ToTrainingSettings(), data, runDirectory, device ?? DeviceSelector.Resolve(\"auto\"), hooks: Hooks)")
            .Line("        .Run(progress ?? SilentProgress.Instance, cancellation, resume);")
            .Line()
            .Line("/// <summary>Implement in your own <c>partial</c> class file to see each epoch's metrics.</summary>")
            .Line("static partial void OnEpochFinished(EpochMetrics metrics);")
            .Line()
            .Line("/// <summary>Implement in your own <c>partial</c> class file to act on the finished (or interrupted) run.</summary>")
            .Line("static partial void OnRunFinished(TrainingSummary summary);");
    }

    private static void EmitTraining(IndentedWriter w, TrainingSpec training)
    {
        using (w.Block("public static class Training"))
        {
            w.Line($"public const int Epochs = {CSharpLiteral.Int(training.Epochs)};")
                .Line($"public const int BatchSize = {CSharpLiteral.Int(training.BatchSize)};")
                .Line($"public const int Seed = {CSharpLiteral.Int(training.Seed)};")
                .Line($"public const int Runs = {CSharpLiteral.Int(training.Runs)};");
        }
    }

    /// <summary>What every experiment's class starts with: its name, spec file, resolved YAML and that YAML read back.</summary>
    private static void EmitIdentity(IndentedWriter w, ExperimentModel model, string settingsMapping)
    {
        w.Line("/// <summary>The experiment's name, which also names its run folders.</summary>")
            .Line($"public const string Name = {CSharpLiteral.String(model.Spec.Name)};")
            .Line()
            .Line("/// <summary>The spec file that defines the experiment, relative to the project.</summary>")
            .Line($"public const string SpecFile = {CSharpLiteral.String(model.RelativePath)};")
            .Line()
            .Line("/// <summary>The spec with every default written out, as YAML (what `isda show` prints).</summary>")
            .Line($"public const string ResolvedYaml = {CSharpLiteral.String(SpecWriter.Write(model.Spec))};")
            .Line()
            .Line("private static readonly System.Lazy<ExperimentSpec> resolved = new(() => ResolvedSpec.Read(Name, ResolvedYaml));")
            .Line()
            .Line($"/// <summary>The spec as the spec library reads it: what <see cref=\"{settingsMapping}\"/> maps, as the CLI does.</summary>")
            .Line("public static ExperimentSpec Spec => resolved.Value;")
            .Line();
    }

    /// <summary>
    /// A gan experiment: its typed settings (data, the objective's constants, training), the runtime's
    /// <c>GanSettings</c> through the one spec → settings mapping, <c>LoadData</c> and <c>Run</c> through the GAN trainer.
    /// </summary>
    private static string EmitGan(ExperimentModel model)
    {
        var spec = model.Spec;
        var w = Header(model, "System.Threading", "IsdaDsl.Runtime.Data", "IsdaDsl.Runtime.Execution", "IsdaDsl.Runtime.Settings",
            "IsdaDsl.Runtime.Training", "IsdaDsl.Spec", "Device = TorchSharp.torch.Device");
        w.Line($"/// <summary>Experiment {Xml(spec.Name)}: a GAN ({Xml(spec.Gan!.Name)}, docs/method.md §9).</summary>");
        using (w.Block($"public static partial class {model.ClassName}"))
        {
            EmitIdentity(w, model, "ToGanSettings");
            w.Line("/// <summary>Every value of the spec, defaults filled in.</summary>");
            using (w.Block("public static class Settings"))
            {
                EmitKindAndData(w, spec);
                EmitComponent(w, "Gan", "Objective", spec.Gan, null, "GAN");
                w.Line();
                EmitTraining(w, spec.Training);
            }
            w.Line()
                .Line("/// <summary>The resolved settings as the runtime's GAN settings.</summary>")
                .Line("public static GanSettings ToGanSettings() => SpecSettings.ToGanSettings(Spec);")
                .Line()
                .Line("/// <summary>Loads the data set, from <paramref name=\"root\"/> when given (else the spec's root or the data set's standard place).</summary>")
                .Line("public static TrainingData LoadData(string? root = null) =>")
                .Line("    DatasetCatalog.Load(ToGanSettings().Data with { Root = root ?? Settings.Data.Root });")
                .Line()
                .Line("/// <summary>")
                .Line("/// Trains the GAN on <paramref name=\"data\"/>, writing metrics, sample grids, checkpoints, the generator and a summary")
                .Line("/// into <paramref name=\"runDirectory\"/>; with <paramref name=\"resume\"/>, continues from the checkpoint there.")
                .Line("/// </summary>")
                .Line("public static TrainingSummary Run(TrainingData data, string runDirectory, Device? device = null, ITrainingProgress? progress = null,")
                .Line("    bool resume = false, CancellationToken cancellation = default) =>")
                .Line("    new GanTrainer(ToGanSettings(), data, runDirectory, device ?? DeviceSelector.Resolve(\"auto\"))")
                .Line("        .Run(progress ?? SilentProgress.Instance, cancellation, resume);");
        }
        return w.ToString();
    }

    /// <summary>
    /// A reconstruction experiment: its typed settings (data, the reconstruction's constants, seed and runs), the
    /// runtime's <c>ReconstructionSettings</c> through the one spec → settings mapping; it runs from the command line,
    /// which finds the runs of the experiments it names.
    /// </summary>
    private static string EmitReconstruction(ExperimentModel model)
    {
        var spec = model.Spec;
        var w = Header(model, "IsdaDsl.Runtime.Settings", "IsdaDsl.Spec");
        w.Line($"/// <summary>Experiment {Xml(spec.Name)}: a reconstruction (docs/method.md §10).</summary>");
        using (w.Block($"public static partial class {model.ClassName}"))
        {
            EmitIdentity(w, model, "ToReconstructionSettings");
            w.Line("/// <summary>Every value of the spec, defaults filled in.</summary>");
            using (w.Block("public static class Settings"))
            {
                EmitKindAndData(w, spec);
                EmitParameters(w, "Reconstruction", spec.Reconstruction!);
                w.Line();
                using (w.Block("public static class Training"))
                {
                    w.Line($"public const int Seed = {CSharpLiteral.Int(spec.Training.Seed)};")
                        .Line($"public const int Runs = {CSharpLiteral.Int(spec.Training.Runs)};");
                }
            }
            w.Line()
                .Line("/// <summary>The resolved settings as the runtime's reconstruction settings.</summary>")
                .Line("public static ReconstructionSettings ToReconstructionSettings() => SpecSettings.ToReconstructionSettings(Spec);");
        }
        return w.ToString();
    }

    /// <summary>The start of every generated experiment file: the markers, the usings and the namespace.</summary>
    private static IndentedWriter Header(ExperimentModel model, params string[] usings)
    {
        var w = new IndentedWriter();
        w.Line("// <auto-generated/>")
            .Line($"// Generated by IsdaDsl.Generator from {model.RelativePath}; edit the YAML, not this file.")
            .Line("#nullable enable")
            .Line();
        foreach (var name in usings)
            w.Line($"using {name};");
        return w.Line()
            .Line($"namespace {model.Namespace};")
            .Line();
    }

    /// <summary>The kind and the data set of a gan or reconstruction experiment (which reads its images unaugmented).</summary>
    private static void EmitKindAndData(IndentedWriter w, ExperimentSpec spec)
    {
        w.Line($"public const {VocabularyEmitter.Qualified(Vocabulary.Kind)} Kind = {VocabularyEmitter.Member(Vocabulary.Kind, spec.Kind)};")
            .Line();
        using (w.Block("public static class Data"))
        {
            w.Line($"public const {VocabularyEmitter.Qualified(Vocabulary.Dataset)} Name = {VocabularyEmitter.Member(Vocabulary.Dataset, spec.Data.Name)};")
                .Line($"public const string? Root = {CSharpLiteral.String(spec.Data.Root)};");
        }
        w.Line();
    }

    private static string Items(EquatableArray<int> items) =>
        items.Count == 0 ? " " : " " + string.Join(", ", items.Select(CSharpLiteral.Int)) + " ";

    private static string Xml(string text) => System.Security.SecurityElement.Escape(text);
}
