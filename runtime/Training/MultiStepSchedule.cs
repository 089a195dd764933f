using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Spec;

namespace IsdaDsl.Runtime.Training;

/// <summary>lr = base · factor^(number of milestones ≤ epoch): "×0.1 at epochs 80 and 120" is milestones [80, 120], factor 0.1.</summary>
public sealed class MultiStepSchedule : ILearningRateSchedule
{
    private readonly int[] milestones;

    /// <summary>Validates that milestones strictly increase and lie in [1, epochs).</summary>
    public MultiStepSchedule(double baseLearningRate, IReadOnlyList<int> milestones, double factor, int epochs)
    {
        if (!(baseLearningRate > 0))
            throw new ArgumentException($"learning rate must be > 0, got {baseLearningRate}");
        Ranged.Check("schedule.factor", factor, SpecSchema.FactorRange);
        for (var i = 0; i < milestones.Count; i++)
        {
            if (milestones[i] < 1 || milestones[i] >= epochs)
                throw new ArgumentException($"milestone {milestones[i]} must lie in [1, {epochs}) (epochs = {epochs})");
            if (i > 0 && milestones[i] <= milestones[i - 1])
                throw new ArgumentException($"milestones must strictly increase, got [{string.Join(", ", milestones)}]");
        }
        BaseLearningRate = baseLearningRate;
        Factor = factor;
        this.milestones = milestones.ToArray();
    }

    /// <summary>The learning rate of epoch 0.</summary>
    public double BaseLearningRate { get; }

    /// <summary>The multiplier applied at each milestone.</summary>
    public double Factor { get; }

    /// <inheritdoc/>
    public double At(int epoch) => BaseLearningRate * Math.Pow(Factor, milestones.Count(m => m <= epoch));
}
