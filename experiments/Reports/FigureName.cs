using System.Text.RegularExpressions;

namespace IsdaDsl.Experiments.Reports;

/// <summary>The file names, without extension, of a data set and architecture's figures: "test-error-fashion-mnist-resnet-depth-8-width-16".</summary>
internal static partial class FigureName
{
    /// <summary><paramref name="kind"/> followed by the data set and architecture in lower case, anything but letters and digits a '-'.</summary>
    public static string Of(string kind, string data, string architecture) =>
        kind + "-" + NotAlphanumeric().Replace($"{data} {architecture}".ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotAlphanumeric();
}
