using System.Globalization;

namespace IsdaDsl.Runtime.Reconstruction;

/// <summary>
/// How one reconstruction descent runs: <see cref="Iterations"/> steps of SGD on the latents with
/// <see cref="Momentum"/> and L2 <see cref="WeightDecay"/>, the learning rate starting at
/// <see cref="InitialLearningRate"/> and multiplied by <see cref="DropFactor"/> every <see cref="DropEvery"/>
/// iterations. The learning rate is a pure function of the iteration, so a resumed descent needs no schedule state.
/// </summary>
public sealed record ReconstructionSchedule
{
    /// <summary>Validates every value (message names the first bad one).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value outside its range.</exception>
    public ReconstructionSchedule(int iterations, double initialLearningRate, int dropEvery = 2500, double dropFactor = 0.1,
        double momentum = 0.9, double weightDecay = 1e-4)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dropEvery);
        Require(initialLearningRate > 0 && double.IsFinite(initialLearningRate), nameof(initialLearningRate), initialLearningRate, "> 0");
        Require(dropFactor is > 0 and <= 1, nameof(dropFactor), dropFactor, "in (0, 1]");
        Require(momentum is >= 0 and < 1, nameof(momentum), momentum, "in [0, 1)");
        Require(weightDecay >= 0 && double.IsFinite(weightDecay), nameof(weightDecay), weightDecay, ">= 0");
        Iterations = iterations;
        InitialLearningRate = initialLearningRate;
        DropEvery = dropEvery;
        DropFactor = dropFactor;
        Momentum = momentum;
        WeightDecay = weightDecay;
    }

    /// <summary>Step I's defaults: 10 000 iterations at learning rate 10.</summary>
    public static ReconstructionSchedule LatentSearch { get; } = new(10_000, 10);

    /// <summary>Step II's defaults: 10 000 iterations at learning rate 1.</summary>
    public static ReconstructionSchedule Augmentation { get; } = new(10_000, 1);

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

    private static void Require(bool ok, string name, double value, string range)
    {
        if (!ok)
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be {range}, got {value}"));
    }
}
