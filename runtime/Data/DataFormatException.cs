namespace IsdaDsl.Runtime.Data;

/// <summary>
/// A data file is missing, truncated or not in the expected format. The message names the full path
/// and what was expected versus what was found, so a run can be fixed without a debugger.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>; <paramref name="problem"/> says expected vs found.</summary>
    public DataFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
    }

    /// <summary>The full path of the offending file.</summary>
    public string Path { get; }
}
