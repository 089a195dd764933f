using System.Runtime.InteropServices;

namespace IsdaDsl.Runtime.Execution;

/// <summary>
/// The C environment of the process, which native libraries (libgomp, oneDNN) read. Environment.SetEnvironmentVariable
/// only changes .NET's own copy on Unix, so settings meant for them go through setenv.
/// </summary>
internal static class NativeEnvironment
{
    /// <summary>Sets <paramref name="name"/> unless it is set already; true when it now has <paramref name="value"/> from this call.</summary>
    public static bool SetIfUnset(string name, string value) =>
        OperatingSystem.IsLinux() && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)) && SetEnv(name, value, 0) == 0;

    /// <summary>Removes <paramref name="name"/> from the C environment (Linux only).</summary>
    public static void Unset(string name)
    {
        if (OperatingSystem.IsLinux())
            _ = UnsetEnv(name);
    }

    [DllImport("libc.so.6", EntryPoint = "unsetenv")]
    private static extern int UnsetEnv(string name);

    [DllImport("libc.so.6", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);
}
