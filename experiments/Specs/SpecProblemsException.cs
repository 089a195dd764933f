namespace IsdaDsl.Experiments.Specs;

/// <summary>
/// The spec a command asks for is not valid: one line per problem, in the build's diagnostic form
/// ("--set optimizer.lr=-1: error ISDA004: optimizer.lr must be > 0, got -1"). Thrown before anything runs.
/// </summary>
internal sealed class SpecProblemsException(IReadOnlyList<string> lines) : Exception(string.Join(Environment.NewLine, lines))
{
    public IReadOnlyList<string> Lines { get; } = lines;
}
