using System.Collections.Generic;

namespace IsdaDsl.Spec;

/// <summary>
/// A closed vocabulary of the DSL (data sets, augmentations, schedule kinds, reports): the words a key accepts, as
/// <see cref="SpecSchema"/> declares them. Generated code types each as an enum named <see cref="TypeName"/> whose
/// members are the words in PascalCase (<see cref="Naming.ToPascalCase"/>: "fashion-mnist" → FashionMnist).
/// </summary>
public sealed record Vocabulary(string TypeName, string Description, IReadOnlyList<string> Words)
{
    public static Vocabulary Dataset { get; } = new("Dataset", "A data set a spec can name (data.name).", SpecSchema.DatasetNames);

    public static Vocabulary Augmentation { get; } = new("Augmentation", "How training images are augmented (data.augmentation).", SpecSchema.Augmentations);

    public static Vocabulary ScheduleKind { get; } = new("ScheduleKind", "A learning-rate schedule (schedule.kind).", SpecSchema.ScheduleKinds);

    public static Vocabulary Report { get; } = new("Report", "Which test error a run reports (evaluation.report).", SpecSchema.Reports);

    public static Vocabulary Kind { get; } = new("Kind", "What an experiment is (kind): a classifier, a GAN or a reconstruction.", SpecSchema.Kinds);

    public static IReadOnlyList<Vocabulary> All { get; } = [Dataset, Augmentation, ScheduleKind, Report, Kind];
}
