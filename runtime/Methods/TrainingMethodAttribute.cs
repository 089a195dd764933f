namespace IsdaDsl.Runtime.Methods;

/// <summary>
/// Marks the <see cref="IMethodOptions"/> of a training method so <see cref="MethodCatalog"/> finds it by name: adding a loss
/// or regulariser is adding one class with this attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TrainingMethodAttribute(string name) : Attribute
{
    /// <summary>The name experiments use, e.g. "isda".</summary>
    public string Name { get; } = name;
}
