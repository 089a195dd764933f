using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Settings;

namespace IsdaDsl.Runtime.Gan;

/// <summary>
/// The networks and the objective that <see cref="GanSettings"/> describe (docs/method.md §9.2–§9.3): the generator is
/// one-hot conditioned for CGAN, ACGAN and InfoGAN (InfoGAN's categorical code has as many values as the data set has
/// classes) and takes InfoGAN's continuous codes; CGAN's discriminator sees the label as C one-hot planes, ACGAN's and
/// InfoGAN's have a class head, InfoGAN's a code head; only the WGAN-GP critic has no batch norm.
/// </summary>
public static class GanModels
{
    /// <summary>The number of generator/discriminator pairs: one per class for per-class models, otherwise one.</summary>
    public static int ModelCount(GanSettings settings, int numClasses) => settings.PerClass ? numClasses : 1;

    /// <summary>A generator for <paramref name="image"/> images of a data set with <paramref name="numClasses"/> classes.</summary>
    public static DcganGenerator Generator(GanSettings settings, InputShape image, int numClasses) =>
        settings.Conditional
            ? new DcganGenerator(image, settings.NoiseDim, settings.GeneratorWidth, numClasses, LabelConditioning.OneHot, numCodes: settings.NumCodes)
            : new DcganGenerator(image, settings.NoiseDim, settings.GeneratorWidth);

    /// <summary>The <see cref="ModelCount"/> generators of a run, freshly initialised from torch's global generator.</summary>
    public static IReadOnlyList<DcganGenerator> Generators(GanSettings settings, InputShape image, int numClasses) =>
        Enumerable.Range(0, ModelCount(settings, numClasses)).Select(_ => Generator(settings, image, numClasses)).ToList();

    /// <summary>The matching discriminator or critic.</summary>
    public static DcganDiscriminator Discriminator(GanSettings settings, InputShape image, int numClasses) => settings.Objective switch
    {
        "cgan" => new DcganDiscriminator(image, settings.CriticWidth, settings.CriticBatchNorm, numClasses, LabelConditioning.OneHot),
        "acgan" => new DcganDiscriminator(image, settings.CriticWidth, settings.CriticBatchNorm, numClasses, classHead: true),
        "infogan" => new DcganDiscriminator(image, settings.CriticWidth, settings.CriticBatchNorm, numClasses, classHead: true, numCodes: settings.NumCodes),
        _ => new DcganDiscriminator(image, settings.CriticWidth, settings.CriticBatchNorm),
    };

    /// <summary>The objective with the settings' clip value, penalty weight or information weight.</summary>
    public static IGanObjective Objective(GanSettings settings) => settings.Objective switch
    {
        "wgan" => new WganObjective(settings.ClipValue),
        "wgan-gp" => new WganGpObjective(settings.GradientPenaltyWeight),
        "cgan" => new CganObjective(),
        "acgan" => new AcganObjective(),
        "infogan" => new InfoGanObjective(settings.NumCodes, settings.InformationWeight, settings.LabelledCategories),
        _ => throw new ArgumentException($"gan.objective must be one of {string.Join(", ", GanSettings.Objectives)}, got '{settings.Objective}'"),
    };
}
