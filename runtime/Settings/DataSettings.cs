using IsdaDsl.Spec;

namespace IsdaDsl.Runtime.Settings;

/// <summary>
/// Which data set, where it lives, how training images are augmented and which share of the training set a run trains
/// on (<see cref="TrainFraction"/> below 1: a class-stratified subset drawn with the run's seed, see
/// <see cref="Data.StratifiedSubset"/>).
/// </summary>
public sealed record DataSettings(string Name, string? Root = null, string Augmentation = "standard", int CutoutSize = 0,
    double TrainFraction = SpecSchema.DefaultTrainFraction);
