using System.Diagnostics;
using IsdaDsl.Tests.Generator;

namespace IsdaDsl.Tests.Setup;

/// <summary>
/// A fake machine for scripts/setup.sh: stub <c>apt-get</c>, <c>ldconfig</c>, <c>dotnet</c> and <c>sudo</c> first on
/// PATH, a fake os-release, apt configuration, libstdc++ and Fashion-MNIST folder. The stubs append what they are
/// asked to one log, to which the script's own output is appended too, so the log keeps the order of both.
/// </summary>
internal sealed class FakeSystem : IDisposable
{
    private readonly TemporaryDirectory root = new();

    /// <summary>A fake "Debian 12", "Debian 13" or "Ubuntu 24.04" (<paramref name="os"/>), whose libstdc++ has GLIBCXX_3.4.32 or not and whose Fashion-MNIST folder holds the four files or none.</summary>
    public FakeSystem(string os, bool hasGlibcxx3432, bool hasFashionMnist)
    {
        Directory.CreateDirectory(root.Combine("bin"));
        Stub("apt-get", """
            echo "STUB apt-get $*" >> "$ISDA_FAKE_LOG"
            simulate=0
            for a in "$@"; do
              if [ "$a" = -s ]; then simulate=1; fi
              last=$a
            done
            # A simulation prints the canned plan for the last package named.
            if [ "$simulate" = 1 ]; then cat "$ISDA_FAKE_ROOT/apt-sim-$last.txt"; exit 0; fi
            # Installing libstdc++6 gives the fake library the symbol, as the real upgrade does.
            if [ "$last" = libstdc++6 ]; then echo GLIBCXX_3.4.32 >> "$ISDA_FAKE_ROOT/libstdc++.so.6"; fi
            exit 0
            """);
        Stub("ldconfig", """
            printf '\tlibstdc++.so.6 (libc6,x86-64) => %s\n' "$ISDA_FAKE_ROOT/libstdc++.so.6"
            """);
        Stub("dotnet", """
            echo "STUB dotnet $*" >> "$ISDA_FAKE_LOG"
            if [ "$1" = --version ]; then echo 10.0.100; fi
            exit 0
            """);
        // Only used when the tests run as a normal user: as root the script calls apt-get directly.
        Stub("sudo", """
            exec "$@"
            """);

        File.WriteAllText(root.Combine("os-release"), OsRelease(os));
        File.WriteAllText(root.Combine("libstdc++.so.6"), hasGlibcxx3432 ? "GLIBCXX_3.4.31\nGLIBCXX_3.4.32\n" : "GLIBCXX_3.4.29\nGLIBCXX_3.4.30\n");

        Directory.CreateDirectory(root.Combine("apt", "sources.list.d"));
        File.WriteAllText(root.Combine("apt", "sources.list.d", "debian.sources"), """
            Types: deb
            URIs: http://mirror.example/debian
            Suites: bookworm bookworm-updates
            Components: main
            Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

            """);

        Directory.CreateDirectory(root.Combine("fashion-mnist"));
        if (hasFashionMnist)
        {
            foreach (var file in new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
                File.WriteAllText(root.Combine("fashion-mnist", file), "");
        }
    }

    private static string OsRelease(string system) => system switch
    {
        "Debian 12" => "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n",
        "Debian 13" => "PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nID=debian\nVERSION_ID=\"13\"\nVERSION_CODENAME=trixie\n",
        "Ubuntu 24.04" => "PRETTY_NAME=\"Ubuntu 24.04 LTS\"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID=\"24.04\"\nVERSION_CODENAME=noble\n",
        _ => throw new ArgumentException("no os-release for " + system, nameof(system)),
    };

    /// <summary>What `apt-get -s install PACKAGE` prints on this fake system.</summary>
    public void Simulation(string package, string output) => File.WriteAllText(root.Combine($"apt-sim-{package}.txt"), output);

    /// <summary>Runs scripts/setup.sh with the arguments; returns its exit code and the shared log, line by line.</summary>
    public (int ExitCode, string[] Log) RunSetup(params string[] arguments)
    {
        var log = root.Combine("log");
        File.WriteAllText(log, "");
        var script = Path.Combine(RepositoryRoot.Path, "scripts", "setup.sh");
        var start = new ProcessStartInfo("bash", ["-c", "exec bash \"$0\" \"$@\" >>\"$ISDA_FAKE_LOG\" 2>&1", script, .. arguments])
        {
            WorkingDirectory = RepositoryRoot.Path,
        };
        start.Environment["PATH"] = root.Combine("bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["ISDA_FAKE_ROOT"] = root.Path;
        start.Environment["ISDA_FAKE_LOG"] = log;
        start.Environment["ISDA_SETUP_OS_RELEASE"] = root.Combine("os-release");
        start.Environment["ISDA_SETUP_APT_ETC"] = root.Combine("apt");
        start.Environment["ISDA_SETUP_FASHION_DIR"] = root.Combine("fashion-mnist");
        using var bash = Process.Start(start)!;
        if (!bash.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            bash.Kill(entireProcessTree: true);
            Assert.Fail("setup.sh did not finish in 30 s:\n" + File.ReadAllText(log));
        }
        return (bash.ExitCode, File.ReadAllLines(log));
    }

    private void Stub(string name, string body)
    {
        var path = root.Combine("bin", name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows()) // the script and its stubs are bash: the tests run on Linux
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    public void Dispose() => root.Dispose();
}
