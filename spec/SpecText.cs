namespace IsdaDsl.Spec;

/// <summary>How a node is named in problem messages: "a mapping", "a list", "null" or its quoted text.</summary>
public static class SpecText
{
    public static string Describe(SpecNode node) => node switch
    {
        SpecMapping => "a mapping",
        SpecSequence { Items.Count: 0 } => "an empty list",
        SpecSequence => "a list",
        SpecScalar { IsNull: true } => "null",
        SpecScalar scalar => $"'{Clip(scalar.Value)}'",
        _ => "a node",
    };

    /// <summary>Text from a spec as a message quotes it: at most 60 characters, so a huge value cannot flood a build log.</summary>
    public static string Clip(string text) => text.Length <= 60 ? text : text.Substring(0, 57) + "…";
}
