namespace IsdaDsl.Spec;

/// <summary>The type of a component parameter, which decides its C# type in the generated settings.</summary>
public enum ValueKind
{
    Integer,
    Number,
    Choice,
}
