namespace IsdaDsl.Experiments.Reports;

/// <summary>
/// A figure's experiment labels without the start they share ("fashion-mnist-comparison-10pct-basic" beside
/// "fashion-mnist-comparison-10pct-isda" become "basic" and "isda"), so that a legend of thirteen methods stays
/// narrow; the figure says the shared start once, as <see cref="Prefix"/>.
/// </summary>
internal sealed record ShortLabels(string Prefix, IReadOnlyList<string> Labels)
{
    /// <summary>
    /// The labels cut after the last '-' of their common start, so no label loses part of a word ("…-gan-wgan" beside
    /// "…-gan-wgan-gp" keeps "gan-wgan"); a single label is kept whole.
    /// </summary>
    public static ShortLabels Of(IReadOnlyList<string> labels)
    {
        if (labels.Count < 2)
            return new ShortLabels("", labels);
        var common = labels.Aggregate((shared, label) => shared[..CommonLength(shared, label)]);
        var cut = common.LastIndexOf('-') + 1;
        return new ShortLabels(common[..cut], labels.Select(label => label[cut..]).ToList());
    }

    private static int CommonLength(string first, string second)
    {
        var length = 0;
        while (length < first.Length && length < second.Length && first[length] == second[length])
            length++;
        return length;
    }
}
