namespace IsdaDsl.Spec;

/// <summary>
/// A validated experiment with every default filled in; equatable so the generator can cache it. <see cref="Kind"/>
/// says which sections are the experiment's: classification's (data, model, training, optimizer, schedule, method,
/// evaluation), gan's (data, <see cref="Gan"/>, training) or reconstruction's (data, <see cref="Reconstruction"/>,
/// training's seed and runs).
/// </summary>
public sealed record ExperimentSpec(
    string Name,
    SourceSpan NameSpan,
    DataSpec Data,
    ComponentSpec Model,
    TrainingSpec Training,
    OptimizerSpec Optimizer,
    ScheduleSpec Schedule,
    ComponentSpec Method,
    EvaluationSpec Evaluation)
{
    /// <summary>classification, gan or reconstruction (<see cref="SpecSchema.Kinds"/>).</summary>
    public string Kind { get; init; } = SpecSchema.DefaultKind;

    /// <summary>
    /// The <c>gan</c> section of a gan experiment (its objective and parameters); null for classification. A gan
    /// experiment's classification sections hold their defaults, which nothing reads.
    /// </summary>
    public ComponentSpec? Gan { get; init; }

    public bool IsGan => Kind == "gan";

    /// <summary>
    /// The <c>reconstruction</c> section of a reconstruction experiment (its parameters, under the name
    /// "reconstruction"); null for the other kinds.
    /// </summary>
    public ComponentSpec? Reconstruction { get; init; }

    public bool IsReconstruction => Kind == "reconstruction";

    /// <summary>
    /// The other experiments this one names (a GAN-augmentation method's generator, a reconstruction's classifier and
    /// generator), in spec order.
    /// </summary>
    public EquatableArray<ExperimentReference> References { get; init; } = EquatableArray<ExperimentReference>.Empty;
}

/// <summary>The <c>data</c> section; <see cref="TrainFraction"/> is the share of the training set a run trains on.</summary>
public sealed record DataSpec(string Name, string? Root, string Augmentation, int Cutout, double TrainFraction);

/// <summary>
/// A component chosen by name (architecture, method) and its typed parameters, in schema order. <see cref="NameSpan"/>
/// is where the name is written (the file start when it is the default), for problems found after validation. When a
/// base gives the name, <see cref="NameSpan"/> is the <c>extends</c> entry it came through and
/// <see cref="InheritedFrom"/> says where the base writes it ("base/cifar10.yaml(3,17)").
/// </summary>
public sealed record ComponentSpec(string Name, SourceSpan NameSpan, EquatableArray<SpecParameter> Parameters, string? InheritedFrom = null);

/// <summary>One component parameter: its key, its type and its canonical invariant text.</summary>
public sealed record SpecParameter(string Key, ValueKind Kind, string Text);

/// <summary>The <c>training</c> section; <see cref="Runs"/> runs use seeds Seed, Seed + 1, ….</summary>
public sealed record TrainingSpec(int Epochs, int BatchSize, int Seed, int Runs);

/// <summary>The <c>optimizer</c> section (SGD).</summary>
public sealed record OptimizerSpec(double LearningRate, double Momentum, bool Nesterov, double WeightDecay);

/// <summary>The <c>schedule</c> section.</summary>
public sealed record ScheduleSpec(string Kind, EquatableArray<int> Milestones, double Factor);

/// <summary>The <c>evaluation</c> section; <see cref="PaperError"/> is the paper's published test error in %, if any.</summary>
public sealed record EvaluationSpec(string Report, double? PaperError);

/// <summary>
/// A parameter that names another experiment (<see cref="ValueKind.Experiment"/>): <see cref="Key"/> as the spec writes
/// it ("method.generator"), the name it gives, the kind and data set that experiment must have, the methods or
/// objectives it may have (<see cref="Components"/>, empty for any), and where the name is written. Whether it exists
/// is known only once every spec is read: <see cref="ExperimentReferences"/> checks it.
/// </summary>
public sealed record ExperimentReference(string Key, string Name, string Kind, string Dataset, SourceSpan Span)
{
    public EquatableArray<string> Components { get; init; } = EquatableArray<string>.Empty;
}
