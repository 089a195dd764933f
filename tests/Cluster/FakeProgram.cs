namespace IsdaDsl.Tests.Cluster;

/// <summary>Stand-ins for Slurm's programs: shell scripts in a folder put first on PATH.</summary>
internal static class FakeProgram
{
    /// <summary>Writes <paramref name="folder"/>/<paramref name="name"/>, a /bin/sh script running <paramref name="body"/>.</summary>
    public static void Write(string folder, string name, string body)
    {
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, name);
        File.WriteAllText(file, $"#!/bin/sh\n{body}\n");
        if (!OperatingSystem.IsWindows()) // Slurm and the stubs are Unix: the tests run on Linux
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
