namespace IsdaDsl.Runtime.Isda;

/// <summary>
/// The ISDA augmentation-strength schedule λ = λ0 · t / T (docs/method.md §1.5): augmentation starts at zero and grows
/// linearly, because early in training the deep features, and so their class covariances, are not yet meaningful.
/// </summary>
public static class LambdaSchedule
{
    /// <summary>Returns λ = <paramref name="lambda0"/> · <paramref name="epoch"/> / <paramref name="totalEpochs"/>.</summary>
    /// <param name="lambda0">The base strength λ0 (the paper uses 0.5); finite and ≥ 0.</param>
    /// <param name="epoch">The current epoch t, 0-based; 0 ≤ t ≤ <paramref name="totalEpochs"/>.</param>
    /// <param name="totalEpochs">The total number of epochs T; &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the ranges above.</exception>
    public static double At(double lambda0, int epoch, int totalEpochs)
    {
        if (!double.IsFinite(lambda0) || lambda0 < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(lambda0), lambda0, "λ0 must be finite and non-negative.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalEpochs);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        // t > T would extrapolate beyond λ0, which no schedule in the paper does: almost certainly a caller bug.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(epoch, totalEpochs);
        return lambda0 * epoch / totalEpochs;
    }
}
