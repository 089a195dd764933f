using IsdaDsl.Spec;

namespace IsdaDsl.Experiments.Specs;

/// <summary>
/// One `--set SECTION.KEY=VALUE` of the command line. <see cref="Value"/> is YAML text: a scalar (<c>0.05</c>,
/// <c>cifar100</c>, empty for null) or a flow value (<c>[2, 4]</c>), read by the spec parser when applied.
/// </summary>
internal sealed record SpecOverride(string Section, string Key, string Value)
{
    /// <summary>"section.key".</summary>
    public string Path => $"{Section}.{Key}";

    /// <summary>The override as it is written after --set.</summary>
    public override string ToString() => $"{Path}={Value}";

    /// <summary>Reads "section.key=value"; anything else is a problem that says what is expected.</summary>
    public static SpecOverride Parse(string argument)
    {
        var equals = argument.IndexOf('=');
        var path = (equals < 0 ? argument : argument[..equals]).Trim();
        if (equals >= 0 && path == "name")
            throw new SpecProblemsException([NameProblem(argument, argument[(equals + 1)..])]);
        var parts = path.Split('.');
        if (equals < 0 || parts.Length != 2 || parts.Any(p => p.Trim().Length == 0))
            throw new SpecProblemsException([$"--set {argument}: expected SECTION.KEY=VALUE, e.g. training.epochs=2 or schedule.milestones=[2,4]"]);
        return new SpecOverride(parts[0].Trim(), parts[1].Trim(), argument[(equals + 1)..]);
    }

    /// <summary>
    /// Why `--set name=VALUE` is refused: the name chooses the experiment and makes its folder OUT/NAME, so it is the
    /// command's argument, never an override. A value that breaks the name rule is told the rule first, in the words
    /// a spec file would get, so that "../x" or "/tmp/x" reads as what it is.
    /// </summary>
    private static string NameProblem(string argument, string value)
    {
        var name = SpecParser.Parse(value, "--set").Root is SpecScalar scalar ? scalar.Value : value.Trim();
        return ExperimentName.Check(name) is { } reason
            ? $"--set {argument}: error {ProblemIds.OutOfRange}: name {reason}, got '{SpecText.Clip(name)}'; an experiment's name is not set with --set"
            : $"--set {argument}: an experiment's name is not set with --set: name the experiment to run as the command's argument";
    }

    /// <summary>
    /// The overrides that take effect: for a key given more than once, the last value, at the place of its last
    /// occurrence. Applying these gives the same spec as the full list and they are what a run folder's command
    /// records.
    /// </summary>
    public static IReadOnlyList<SpecOverride> Effective(IEnumerable<SpecOverride> overrides)
    {
        var list = overrides.ToList();
        return list.Where((o, i) => !list.Skip(i + 1).Any(later => later.Path == o.Path)).ToList();
    }
}
