using IsdaDsl.Spec;

namespace IsdaDsl.Experiments.Specs;

/// <summary>The values in which one spec differs from another, as `--set` text ("training.epochs=1").</summary>
internal static class SpecDifferences
{
    /// <summary>Every "section.key=value" of <paramref name="spec"/> that <paramref name="reference"/> does not have, in spec order.</summary>
    public static IReadOnlyList<string> Between(ExperimentSpec spec, ExperimentSpec reference)
    {
        var known = Values(reference).ToHashSet();
        return Values(spec).Where(v => !known.Contains(v)).ToList();
    }

    // Read from SpecWriter's text, so values are compared in their canonical form and no key is forgotten.
    private static IEnumerable<string> Values(ExperimentSpec spec)
    {
        var (root, _) = SpecParser.Parse(SpecWriter.Write(spec), spec.Name);
        foreach (var entry in ((SpecMapping)root!).Entries)
        {
            if (entry.Value is SpecMapping section)
            {
                foreach (var value in section.Entries)
                    yield return $"{entry.Key.Value}.{value.Key.Value}={Text(value.Value)}";
            }
            else
            {
                yield return $"{entry.Key.Value}={Text(entry.Value)}";
            }
        }
    }

    private static string Text(SpecNode node) => node switch
    {
        SpecSequence sequence => "[" + string.Join(",", sequence.Items.Select(Text)) + "]",
        SpecScalar { IsNull: true } => "",
        SpecScalar scalar => scalar.Value,
        _ => "",
    };
}
