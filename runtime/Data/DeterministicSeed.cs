namespace IsdaDsl.Runtime.Data;

/// <summary>
/// The one place where a run's seed is split into independent 32-bit seeds for each epoch's shuffle and each
/// batch's augmentation, so that batch b of epoch e is the same whichever thread prepares it and whether or not
/// the run was resumed.
/// </summary>
public static class DeterministicSeed
{
    /// <summary>The stream index used for an epoch's shuffle (batch indices are ≥ 0).</summary>
    public const int ShuffleStream = -1;

    /// <summary>The stream index of the training subset's draw (<see cref="StratifiedSubset"/>), one per class.</summary>
    public const int SubsetStream = -2;

    /// <summary>Mixes (seed, epoch, stream) with SplitMix64 into a seed for <see cref="Random"/>.</summary>
    public static int Mix(int seed, int epoch, int stream)
    {
        var x = SplitMix64((uint)seed);
        x = SplitMix64(x ^ (uint)epoch);
        x = SplitMix64(x ^ (uint)stream);
        return (int)(x ^ (x >> 32));
    }

    /// <summary>
    /// A generator for (seed, epoch, stream). A seeded <see cref="Random"/> uses .NET's fixed legacy algorithm,
    /// so its sequence does not change between runtime versions.
    /// </summary>
    public static Random Create(int seed, int epoch, int stream) => new(Mix(seed, epoch, stream));

    private static ulong SplitMix64(ulong x)
    {
        var z = x + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
