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
        SpecScalar scalar => $"'{scalar.Value}'",
        _ => "a node",
    };
}
