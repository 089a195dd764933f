using IsdaDsl.Runtime.Configuration;

namespace IsdaDsl.Runtime.Methods;

/// <summary>Builds a training method from its named parameters.</summary>
public interface ITrainingMethodFactory
{
    /// <summary>
    /// Builds the method; reads its parameters from <paramref name="parameters"/> and throws
    /// <see cref="ArgumentException"/> naming the parameter and what is allowed when one is invalid.
    /// </summary>
    ITrainingMethod Create(Parameters parameters, MethodContext context);
}
