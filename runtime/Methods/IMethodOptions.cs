using IsdaDsl.Runtime.Models;

namespace IsdaDsl.Runtime.Methods;

/// <summary>
/// The typed options of one training method, as the DSL declares its parameters: a record marked
/// [<see cref="TrainingMethodAttribute"/>] whose positional parameters are those parameters. Generated experiments
/// build methods through it; <see cref="MethodCatalog"/> binds it from a run's settings.
/// </summary>
public interface IMethodOptions
{
    /// <summary>Builds the method for a network described by <paramref name="context"/>.</summary>
    ITrainingMethod Create(MethodContext context);
}
