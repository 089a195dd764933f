using System;
using System.Linq;

namespace IsdaDsl.Spec;

/// <summary>A resolved spec (every default written out, as a build emits it) read back into an <see cref="ExperimentSpec"/>.</summary>
public static class ResolvedSpec
{
    /// <summary>
    /// Experiment <paramref name="name"/> from its resolved YAML; throws naming every problem when the text is not a
    /// valid spec (the build writes only valid ones, so that is a bug, not a user's mistake).
    /// </summary>
    public static ExperimentSpec Read(string name, string yaml)
    {
        var (root, syntax) = SpecParser.Parse(yaml, name);
        var (spec, problems) = root is null ? (null, [syntax!]) : SpecValidator.Validate(root, name, isBase: false);
        return spec ?? throw new InvalidOperationException($"the resolved spec of experiment '{name}' does not validate: " +
            string.Join("; ", problems.Select(p => $"{p.Id} {p.Message}")));
    }
}
