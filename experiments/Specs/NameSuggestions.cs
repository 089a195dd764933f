using IsdaDsl.Spec;

namespace IsdaDsl.Experiments.Specs;

/// <summary>What to say about a name the catalog lacks: the few nearest names and where to find the rest, never all of them.</summary>
internal static class NameSuggestions
{
    public const int MaxSuggestions = 3;

    /// <summary>
    /// Up to <see cref="MaxSuggestions"/> names nearest to <paramref name="word"/> by edit distance (ignoring case),
    /// nearest first: those within about a third of its length of it, and those containing it whole.
    /// </summary>
    public static IReadOnlyList<string> Nearest(string word, IEnumerable<string> names)
    {
        var lower = word.ToLowerInvariant();
        var limit = Math.Max(2, lower.Length / 3);
        return names
            .Select(name => (Name: name, Lower: name.ToLowerInvariant()))
            .Select(n => (n.Name, Distance: EditDistance.Between(lower, n.Lower), Contains: lower.Length >= 3 && n.Lower.Contains(lower, StringComparison.Ordinal)))
            .Where(n => n.Distance <= limit || n.Contains)
            .OrderBy(n => n.Distance)
            .ThenBy(n => n.Name, StringComparer.Ordinal)
            .Take(MaxSuggestions)
            .Select(n => n.Name)
            .ToList();
    }

    /// <summary>" (did you mean 'a', 'b' or 'c'?); isda list shows all N experiments", the first part only when some name is near.</summary>
    public static string Hint(string word, IReadOnlyCollection<string> names) =>
        Suggestion(Nearest(word, names)) + ListHint(names);

    /// <summary>"; isda list shows all N experiments".</summary>
    public static string ListHint(IReadOnlyCollection<string> names) => $"; isda list shows all {names.Count} experiments";

    private static string Suggestion(IReadOnlyList<string> nearest) => nearest.Count switch
    {
        0 => "",
        1 => $" (did you mean '{nearest[0]}'?)",
        _ => $" (did you mean {string.Join(", ", nearest.SkipLast(1).Select(n => $"'{n}'"))} or '{nearest[^1]}'?)",
    };
}
