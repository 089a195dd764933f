namespace IsdaDsl.Spec;

/// <summary>The type of a component parameter, which decides its C# type in the generated settings.</summary>
public enum ValueKind
{
    Integer,
    Number,
    Choice,

    /// <summary>The name of another experiment of the project (of the kind <see cref="ParameterRule.ReferencedKind"/>).</summary>
    Experiment,
}

/// <summary>What the kinds have in common.</summary>
public static class ValueKinds
{
    /// <summary>Integers and numbers: the kinds with a range, which cross-parameter rules compute with.</summary>
    public static bool IsNumeric(this ValueKind kind) => kind is ValueKind.Integer or ValueKind.Number;
}
