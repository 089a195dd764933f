using System.Collections.Generic;
using System.Linq;

namespace IsdaDsl.Generator.Spec;

/// <summary>
/// The spec language: sections, keys, names the runtime knows, and defaults (SPEC §2, the ResNet row on CIFAR).
/// Kept in step with the runtime's catalogs by hand: the generator cannot load the runtime assembly.
/// </summary>
public static class SpecSchema
{
    public static readonly IReadOnlyList<string> Sections =
        ["name", "extends", "matrix", "data", "model", "training", "optimizer", "schedule", "method", "evaluation"];

    /// <summary>The sections that hold settings: what a base passes on and a matrix axis may set.</summary>
    public static readonly IReadOnlyList<string> SettingSections =
        ["data", "model", "training", "optimizer", "schedule", "method", "evaluation"];

    public static readonly IReadOnlyList<string> DataKeys = ["name", "root", "augmentation", "cutout"];
    public static readonly IReadOnlyList<string> TrainingKeys = ["epochs", "batch_size", "seed"];
    public static readonly IReadOnlyList<string> OptimizerKeys = ["lr", "momentum", "nesterov", "weight_decay"];
    public static readonly IReadOnlyList<string> ScheduleKeys = ["kind", "milestones", "factor"];
    public static readonly IReadOnlyList<string> EvaluationKeys = ["report"];

    public static readonly IReadOnlyList<string> Datasets = ["fashion-mnist", "cifar10", "cifar100"];
    public static readonly IReadOnlyList<string> Augmentations = ["standard", "none"];
    public static readonly IReadOnlyList<string> ScheduleKinds = ["multistep", "cosine"];
    public static readonly IReadOnlyList<string> Reports = ["last10", "best", "final"];

    public const string DefaultDataset = "cifar10";
    public const string DefaultArchitecture = "resnet";
    public const string DefaultMethod = "basic";
    public const int DefaultEpochs = 160;
    public const int DefaultBatchSize = 128;
    public const double DefaultLearningRate = 0.1;
    public const double DefaultMomentum = 0.9;
    public const double DefaultWeightDecay = 1e-4;
    public static readonly IReadOnlyList<int> DefaultMilestones = [80, 120];
    public const double DefaultFactor = 0.1;

    /// <summary>Architectures and their parameters (runtime/Models).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<ParameterRule>> Architectures =
        new Dictionary<string, IReadOnlyList<ParameterRule>>
        {
            ["resnet"] =
            [
                ParameterRule.Integer("depth", 32, v => v >= 8 && (v - 2) % 6 == 0 ? null : "must be 6n+2 with n ≥ 1 (8, 14, 20, 32, 44, 56, 110, …)"),
                ParameterRule.Integer("width", 16, v => v >= 1 ? null : "must be ≥ 1"),
            ],
        };

    /// <summary>Training methods and their parameters (runtime/Methods).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<ParameterRule>> Methods =
        new Dictionary<string, IReadOnlyList<ParameterRule>>
        {
            ["basic"] = [],
            ["isda"] =
            [
                ParameterRule.Number("lambda0", 0.5, v => v >= 0 ? null : "must be ≥ 0"),
                ParameterRule.Choice("covariance", "full", "diagonal"),
            ],
        };

    /// <summary>The keys a setting section may hold; for model and method, every architecture's or method's parameters.</summary>
    public static IReadOnlyList<string> KeysOf(string section) => section switch
    {
        "data" => DataKeys,
        "model" => [ComponentKey(section)!, .. Parameters(Architectures).Select(rule => rule.Key)],
        "training" => TrainingKeys,
        "optimizer" => OptimizerKeys,
        "schedule" => ScheduleKeys,
        "method" => [ComponentKey(section)!, .. Parameters(Methods).Select(rule => rule.Key)],
        "evaluation" => EvaluationKeys,
        _ => [],
    };

    /// <summary>The key that chooses what a section is (a data set, an architecture, a method, a schedule kind).</summary>
    public static string? ComponentKey(string section) => section switch
    {
        "data" or "method" => "name",
        "model" => "architecture",
        "schedule" => "kind",
        _ => null,
    };

    /// <summary>Every parameter of every component, each key once, in schema order.</summary>
    public static IReadOnlyList<ParameterRule> Parameters(IReadOnlyDictionary<string, IReadOnlyList<ParameterRule>> components) =>
        components.Values.SelectMany(rules => rules).GroupBy(rule => rule.Key).Select(group => group.First()).ToList();

    /// <summary>The first other component (of <paramref name="components"/>) that has parameter <paramref name="key"/>.</summary>
    public static string? OwnerOf(string key, IReadOnlyDictionary<string, IReadOnlyList<ParameterRule>> components) =>
        components.Where(c => c.Value.Any(r => r.Key == key)).Select(c => c.Key).OrderBy(n => n, System.StringComparer.Ordinal).FirstOrDefault();
}
