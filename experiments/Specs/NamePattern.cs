using System.Text.RegularExpressions;

namespace IsdaDsl.Experiments.Specs;

/// <summary>Shell-style globs over experiment names: <c>*</c> any text, <c>?</c> one character, the rest literal.</summary>
internal static class NamePattern
{
    /// <summary>The names (in the given order) that <paramref name="pattern"/> matches whole.</summary>
    public static IReadOnlyList<string> Match(string pattern, IEnumerable<string> names)
    {
        var regex = new Regex("^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.CultureInvariant);
        return names.Where(name => regex.IsMatch(name)).ToList();
    }
}
