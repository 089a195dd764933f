namespace IsdaDsl.Generator;

/// <summary>Names of the pipeline steps, for incrementality tests.</summary>
public static class TrackingNames
{
    public const string ProjectDir = nameof(ProjectDir);
    public const string ParsedSpecs = nameof(ParsedSpecs);
    public const string Library = nameof(Library);
    public const string Specs = nameof(Specs);
    public const string Models = nameof(Models);
    public const string Diagnostics = nameof(Diagnostics);
    public const string AllModels = nameof(AllModels);
    public const string Runtime = nameof(Runtime);
    public const string RuntimeCheck = nameof(RuntimeCheck);
    public const string ReferenceCheck = nameof(ReferenceCheck);
}
