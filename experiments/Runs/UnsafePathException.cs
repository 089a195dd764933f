namespace IsdaDsl.Experiments.Runs;

/// <summary>
/// A path under --out that <see cref="RunPaths"/> refuses to make, write or read: it would lead outside --out (a
/// name that is no experiment name, a symbolic link below --out). The message names the path and --out.
/// </summary>
internal sealed class UnsafePathException(string message) : IOException(message);
