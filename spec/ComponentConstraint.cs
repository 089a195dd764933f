using System;
using System.Collections.Generic;

namespace IsdaDsl.Spec;

/// <summary>
/// A rule over several parameters of one architecture or method (<see cref="Component"/>): <see cref="Holds"/> gets
/// every parameter as a number and says whether the combination works; when not, the problem is reported at
/// <see cref="Key"/> with <see cref="Rule"/>.
/// </summary>
public sealed record ComponentConstraint(string Component, string Key, string Rule, Func<IReadOnlyDictionary<string, double>, bool> Holds);
