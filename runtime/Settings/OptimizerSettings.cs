using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Spec;

namespace IsdaDsl.Runtime.Settings;

/// <summary>SGD with (Nesterov) momentum and L2 weight decay.</summary>
public sealed record OptimizerSettings(double LearningRate = SpecSchema.DefaultLearningRate, double Momentum = SpecSchema.DefaultMomentum, bool Nesterov = SpecSchema.DefaultNesterov, double WeightDecay = SpecSchema.DefaultWeightDecay)
{
    /// <summary>Rejects values SGD cannot use.</summary>
    public void Validate()
    {
        Ranged.Check("optimizer.lr", LearningRate, SpecSchema.LearningRateRange);
        Ranged.Check("optimizer.momentum", Momentum, SpecSchema.MomentumRange);
        if (Nesterov && Momentum == 0)
            throw new ArgumentException("optimizer.nesterov needs momentum > 0");
        Ranged.Check("optimizer.weight_decay", WeightDecay, SpecSchema.WeightDecayRange);
    }
}
