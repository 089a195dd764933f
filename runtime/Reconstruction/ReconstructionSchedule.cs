using IsdaDsl.Runtime.Configuration;
using IsdaDsl.Spec;

namespace IsdaDsl.Runtime.Reconstruction;

/// <summary>
/// How one reconstruction descent runs: <see cref="Iterations"/> steps of SGD on the latents with
/// <see cref="Momentum"/> and L2 <see cref="WeightDecay"/>, the learning rate starting at
/// <see cref="InitialLearningRate"/> and multiplied by <see cref="DropFactor"/> every <see cref="DropEvery"/>
/// iterations. The learning rate is a pure function of the iteration, so a resumed descent needs no schedule state.
/// </summary>
public sealed record ReconstructionSchedule
{
    /// <summary>
    /// A schedule of the given values, each checked against the range SpecSchema.Reconstruction declares for it (the
    /// build checks a spec with the same ranges).
    /// </summary>
    /// <exception cref="ArgumentException">A value outside its declared range, named as the spec names it.</exception>
    public ReconstructionSchedule(int iterations, double initialLearningRate, int dropEvery, double dropFactor, double momentum, double weightDecay)
    {
        Ranged.Check("reconstruction: iterations", iterations, Declared("step1_iterations").Range!);
        Ranged.Check("reconstruction: learning rate", initialLearningRate, Declared("step1_lr").Range!);
        Ranged.Check("reconstruction.lr_drop_every", dropEvery, Declared("lr_drop_every").Range!);
        Ranged.Check("reconstruction.lr_drop_factor", dropFactor, Declared("lr_drop_factor").Range!);
        Ranged.Check("reconstruction.momentum", momentum, Declared("momentum").Range!);
        Ranged.Check("reconstruction.weight_decay", weightDecay, Declared("weight_decay").Range!);
        Iterations = iterations;
        InitialLearningRate = initialLearningRate;
        DropEvery = dropEvery;
        DropFactor = dropFactor;
        Momentum = momentum;
        WeightDecay = weightDecay;
    }

    /// <summary>
    /// A schedule of <paramref name="iterations"/> from <paramref name="initialLearningRate"/> with the drop interval,
    /// drop factor, momentum and weight decay given, or else SpecSchema.Reconstruction's defaults (the appendix's).
    /// </summary>
    public static ReconstructionSchedule Of(int iterations, double initialLearningRate, int? dropEvery = null, double? dropFactor = null,
        double? momentum = null, double? weightDecay = null) =>
        new(iterations, initialLearningRate,
            dropEvery ?? (int)Declared("lr_drop_every").DefaultNumber,
            dropFactor ?? Declared("lr_drop_factor").DefaultNumber,
            momentum ?? Declared("momentum").DefaultNumber,
            weightDecay ?? Declared("weight_decay").DefaultNumber);

    /// <summary>Number of iterations of the descent.</summary>
    public int Iterations { get; }

    /// <summary>The learning rate of iteration 0.</summary>
    public double InitialLearningRate { get; }

    /// <summary>The learning rate drops every this many iterations.</summary>
    public int DropEvery { get; }

    /// <summary>The factor of each drop.</summary>
    public double DropFactor { get; }

    /// <summary>SGD momentum.</summary>
    public double Momentum { get; }

    /// <summary>L2 weight decay on the latents.</summary>
    public double WeightDecay { get; }

    /// <summary>The learning rate of 0-based <paramref name="iteration"/>: lr0 · factor^⌊iteration / drop_every⌋.</summary>
    public double LearningRate(int iteration)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iteration);
        return InitialLearningRate * Math.Pow(DropFactor, iteration / DropEvery);
    }

    private static ParameterRule Declared(string key) => SpecSchema.Reconstruction.First(rule => rule.Key == key);
}
