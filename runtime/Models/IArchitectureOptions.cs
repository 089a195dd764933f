namespace IsdaDsl.Runtime.Models;

/// <summary>
/// The typed options of one network family (depth, width, …), as the DSL declares its parameters: a record marked
/// [<see cref="ArchitectureAttribute"/>] whose positional parameters are those parameters. Generated experiments build
/// networks through it; <see cref="ArchitectureCatalog"/> binds it from a run's settings.
/// </summary>
public interface IArchitectureOptions
{
    /// <summary>Builds the network for <paramref name="input"/>-shaped images and <paramref name="numClasses"/> classes.</summary>
    ClassifierNetwork Create(InputShape input, int numClasses);
}
