using System.Globalization;
using System.Text.Json.Serialization;

namespace IsdaDsl.Runtime.Training;

/// <summary>One row of a GAN run's metrics (metrics.jsonl / metrics.csv): means over the epoch's steps.</summary>
/// <param name="Epoch">Completed epochs (1-based).</param>
/// <param name="CriticLoss">Mean discriminator (critic) loss over the epoch's critic steps, penalty included.</param>
/// <param name="GeneratorLoss">Mean generator loss over the epoch's generator steps; null when the epoch had none.</param>
/// <param name="WassersteinEstimate">WGAN, WGAN-GP: mean of mean D(real) − mean D(fake) over the critic steps; otherwise null.</param>
/// <param name="GradientPenalty">WGAN-GP: mean penalty before it is multiplied by λ; otherwise null.</param>
/// <param name="CriticSteps">Critic steps taken in the epoch (all models together).</param>
/// <param name="GeneratorSteps">Generator steps taken in the epoch (all models together).</param>
/// <param name="Seconds">Training time of the epoch, sample grid and checkpoint excluded.</param>
public sealed record GanEpochMetrics(
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("critic_loss")] double CriticLoss,
    [property: JsonPropertyName("generator_loss")] double? GeneratorLoss,
    [property: JsonPropertyName("wasserstein_estimate")] double? WassersteinEstimate,
    [property: JsonPropertyName("gradient_penalty")] double? GradientPenalty,
    [property: JsonPropertyName("critic_steps")] long CriticSteps,
    [property: JsonPropertyName("generator_steps")] long GeneratorSteps,
    [property: JsonPropertyName("seconds")] double Seconds) : IEpochRow
{
    /// <summary>The scalars for TensorBoard (absent ones null).</summary>
    public IEnumerable<(string Tag, double? Value)> Scalars() =>
    [
        ("gan/critic_loss", CriticLoss),
        ("gan/generator_loss", GeneratorLoss),
        ("gan/wasserstein_estimate", WassersteinEstimate),
        ("gan/gradient_penalty", GradientPenalty),
        ("speed/seconds", Seconds),
    ];

    /// <summary>One line for a log.</summary>
    public override string ToString()
    {
        var parts = new List<string> { $"epoch {Epoch}", $"critic loss {CriticLoss.ToString("G4", CultureInfo.InvariantCulture)}" };
        if (GeneratorLoss is { } g)
            parts.Add($"generator loss {g.ToString("G4", CultureInfo.InvariantCulture)}");
        if (WassersteinEstimate is { } w)
            parts.Add($"Wasserstein estimate {w.ToString("G4", CultureInfo.InvariantCulture)}");
        if (GradientPenalty is { } p)
            parts.Add($"gradient penalty {p.ToString("G4", CultureInfo.InvariantCulture)}");
        parts.Add($"{Seconds.ToString("F1", CultureInfo.InvariantCulture)} s");
        return string.Join(", ", parts);
    }
}

/// <summary>
/// Running totals of the GAN epoch in progress; part of a mid-epoch checkpoint, so an interrupted epoch resumes with
/// the same totals. <see cref="NextBatch"/> counts the epoch's batches over all models (per-class models one class
/// after the other).
/// </summary>
public sealed record GanEpochProgress(
    int Epoch, int NextBatch, double CriticLossSum, long CriticSteps, double GeneratorLossSum, long GeneratorSteps,
    double WassersteinSum, double PenaltySum, long Images, double Seconds)
{
    /// <summary>The start of <paramref name="epoch"/>.</summary>
    public static GanEpochProgress Start(int epoch) => new(epoch, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    internal void Write(BinaryWriter writer)
    {
        writer.Write(Epoch);
        writer.Write(NextBatch);
        writer.Write(CriticLossSum);
        writer.Write(CriticSteps);
        writer.Write(GeneratorLossSum);
        writer.Write(GeneratorSteps);
        writer.Write(WassersteinSum);
        writer.Write(PenaltySum);
        writer.Write(Images);
        writer.Write(Seconds);
    }

    internal static GanEpochProgress Read(BinaryReader reader) => new(
        reader.ReadInt32(), reader.ReadInt32(), reader.ReadDouble(), reader.ReadInt64(), reader.ReadDouble(), reader.ReadInt64(),
        reader.ReadDouble(), reader.ReadDouble(), reader.ReadInt64(), reader.ReadDouble());
}
