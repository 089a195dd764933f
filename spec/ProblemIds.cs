namespace IsdaDsl.Spec;

/// <summary>Stable problem IDs, shared by build diagnostics and command-line checks (see AnalyzerReleases.*.md).</summary>
public static class ProblemIds
{
    public const string MalformedYaml = "ISDA001";
    public const string UnknownKey = "ISDA002";
    public const string WrongType = "ISDA003";
    public const string OutOfRange = "ISDA004";
    public const string UnknownName = "ISDA005";
    public const string ForeignParameter = "ISDA006";
    public const string DuplicateName = "ISDA007";
    public const string InternalError = "ISDA008";
    public const string ExtendsNotFound = "ISDA009";
    public const string ExtendsCycle = "ISDA010";
    public const string NotImplementedByRuntime = "ISDA011";
    public const string MissingValue = "ISDA012";
    public const string BadReference = "ISDA013";
}
