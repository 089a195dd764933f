using System.Linq;

namespace IsdaDsl.Spec;

/// <summary>
/// What an experiment may be called. A name becomes a run folder under <c>--out</c> and part of a C# class name, so
/// it is one plain path segment: lower-case ASCII letters, digits, '.', '_' and '-', starting with a letter or digit.
/// No separator, no "..", no space or other script can lead a run folder elsewhere or differ between file systems.
/// </summary>
public static class ExperimentName
{
    public const int MaxLength = 100;

    /// <summary>The rule, as every message states it.</summary>
    public const string Rule = "[a-z0-9][a-z0-9._-]* (lower-case ASCII letters, digits, '.', '_', '-'; at most 100 characters)";

    /// <summary>Null when <paramref name="name"/> is allowed; otherwise why not, stating the rule.</summary>
    public static string? Check(string name)
    {
        if (name.Length == 0)
            return "must not be empty; allowed: " + Rule;
        if (name.Length > MaxLength)
            return $"is {name.Length} characters long; allowed: {Rule}";
        if (!IsLeading(name[0]) || !name.All(c => IsLeading(c) || c is '.' or '_' or '-'))
            return "must match " + Rule;
        return null;
    }

    private static bool IsLeading(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';
}
