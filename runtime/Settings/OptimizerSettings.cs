namespace IsdaDsl.Runtime.Settings;

/// <summary>SGD with (Nesterov) momentum and L2 weight decay.</summary>
public sealed record OptimizerSettings(double LearningRate = 0.1, double Momentum = 0.9, bool Nesterov = true, double WeightDecay = 1e-4)
{
    /// <summary>Rejects values SGD cannot use.</summary>
    public void Validate()
    {
        if (!(LearningRate > 0))
            throw new ArgumentException($"learning rate must be > 0, got {LearningRate}");
        if (!(Momentum >= 0 && Momentum < 1))
            throw new ArgumentException($"momentum must lie in [0, 1), got {Momentum}");
        if (Nesterov && Momentum == 0)
            throw new ArgumentException("Nesterov momentum needs momentum > 0");
        if (!(WeightDecay >= 0))
            throw new ArgumentException($"weight decay must be ≥ 0, got {WeightDecay}");
    }
}
