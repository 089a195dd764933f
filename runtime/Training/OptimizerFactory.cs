using IsdaDsl.Runtime.Settings;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Training;

/// <summary>The optimiser that <see cref="OptimizerSettings"/> describe.</summary>
public static class OptimizerFactory
{
    /// <summary>SGD over <paramref name="parameters"/> with the hyper-parameters of <paramref name="settings"/> (no dampening, as the paper's code).</summary>
    public static SGD Create(this OptimizerSettings settings, IEnumerable<Parameter> parameters) =>
        optim.SGD(parameters, settings.LearningRate, settings.Momentum, dampening: 0, weight_decay: settings.WeightDecay, nesterov: settings.Nesterov);
}
