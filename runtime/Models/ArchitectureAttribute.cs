namespace IsdaDsl.Runtime.Models;

/// <summary>
/// Marks the <see cref="IArchitectureOptions"/> of a network family so <see cref="ArchitectureCatalog"/> finds it by name: adding an
/// architecture is adding one class with this attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ArchitectureAttribute(string name) : Attribute
{
    /// <summary>The name experiments use, e.g. "resnet".</summary>
    public string Name { get; } = name;
}
