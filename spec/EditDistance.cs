using System;
using System.Collections.Generic;

namespace IsdaDsl.Spec;

/// <summary>Levenshtein distance, to suggest the valid name closest to a misspelt one.</summary>
public static class EditDistance
{
    public static int Between(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>The closest candidate, if it is within about a third of the word's length of <paramref name="word"/>.</summary>
    public static string? Nearest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Between(word.ToLowerInvariant(), candidate);
            if (distance < bestDistance)
                (best, bestDistance) = (candidate, distance);
        }
        return bestDistance <= Math.Max(2, word.Length / 3) ? best : null;
    }

    /// <summary>" (did you mean 'x'?)" or nothing.</summary>
    public static string Suggestion(string word, IEnumerable<string> candidates) =>
        Nearest(word, candidates) is { } nearest ? $" (did you mean '{nearest}'?)" : "";
}
