using IsdaDsl.Runtime.Configuration;

namespace IsdaDsl.Runtime.Models;

/// <summary>A family of networks that builds one member from its named parameters (depth, width, …).</summary>
public interface IArchitecture
{
    /// <summary>
    /// Builds the network for <paramref name="input"/>-shaped images and <paramref name="numClasses"/> classes.
    /// Reads its parameters from <paramref name="parameters"/> and throws <see cref="ArgumentException"/>
    /// naming the parameter and what is allowed when one is invalid or unknown.
    /// </summary>
    ClassifierNetwork Create(Parameters parameters, InputShape input, int numClasses);
}
