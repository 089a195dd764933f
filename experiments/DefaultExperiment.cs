using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Experiments;

/// <summary>
/// The default run on a machine with no CIFAR copy: ISDA on Fashion-MNIST with a small CIFAR-style ResNet,
/// sized to finish in about 8 minutes on two CPU cores. (The YAML experiment specs of the DSL replace this class.)
/// </summary>
internal static class DefaultExperiment
{
    public static TrainingSettings FashionMnistIsda(string method) => new()
    {
        Name = $"fashion-mnist-resnet8-{method}",
        Data = new DataSettings("fashion-mnist"),
        Model = new ComponentSettings("resnet", new Dictionary<string, string> { ["depth"] = "8", ["width"] = "16" }),
        Method = method == "isda"
            ? new ComponentSettings("isda", new Dictionary<string, string> { ["lambda0"] = "0.5" })
            : new ComponentSettings(method),
        Optimizer = new OptimizerSettings(LearningRate: 0.1, Momentum: 0.9, Nesterov: true, WeightDecay: 5e-4),
        Schedule = ScheduleSettings.Cosine(),
        Epochs = 6,
        BatchSize = 128,
        Seed = 0,
    };
}
