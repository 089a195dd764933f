namespace IsdaDsl.Tests.Setup;

/// <summary>
/// scripts/setup.sh on fake machines (<see cref="FakeSystem"/>): it says every system package it will change, with
/// apt's own versions, before it changes any; --check says the same and changes nothing; a machine whose libstdc++
/// already has GLIBCXX_3.4.32 gets only the data set and the NuGet restore.
/// </summary>
public sealed class SetupScriptTests
{
    // What apt-get -s prints on Debian 12 for `install -t trixie libstdc++6` from a trixie-only source (abridged).
    private const string TrixieLibstdcxxPlan = """
        NOTE: This is only a simulation!
              apt-get needs root privileges for real execution.
        Reading package lists...
        The following NEW packages will be installed:
          gcc-14-base
        The following packages will be upgraded:
          libc6 libgcc-s1 libstdc++6
        3 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.
        Inst gcc-14-base (14.2.0-19 Debian:13.1/stable [amd64])
        Conf gcc-14-base (14.2.0-19 Debian:13.1/stable [amd64])
        Inst libgcc-s1 [12.2.0-14] (14.2.0-19 Debian:13.1/stable [amd64])
        Conf libgcc-s1 (14.2.0-19 Debian:13.1/stable [amd64])
        Inst libc6 [2.36-9+deb12u10] (2.41-12 Debian:13.1/stable [amd64]) []
        Inst libstdc++6 [12.2.0-14] (14.2.0-19 Debian:13.1/stable [amd64])
        Conf libc6 (2.41-12 Debian:13.1/stable [amd64])
        Conf libstdc++6 (14.2.0-19 Debian:13.1/stable [amd64])

        """;

    private const string FashionMnistPlan = """
        Reading package lists...
        Inst dataset-fashion-mnist (0.0~git20200523.55506a9-1 Debian:12.11/oldstable [all])
        Conf dataset-fashion-mnist (0.0~git20200523.55506a9-1 Debian:12.11/oldstable [all])

        """;

    private static readonly string[] TrixieChanges =
    [
        "install gcc-14-base 14.2.0-19",
        "upgrade libgcc-s1 12.2.0-14 → 14.2.0-19",
        "upgrade libc6 2.36-9+deb12u10 → 2.41-12",
        "upgrade libstdc++6 12.2.0-14 → 14.2.0-19",
    ];

    private static FakeSystem Debian12WithoutGlibcxx(bool hasFashionMnist = true)
    {
        var system = new FakeSystem("Debian 12", hasGlibcxx3432: false, hasFashionMnist);
        system.Simulation("libstdc++6", TrixieLibstdcxxPlan);
        system.Simulation("dataset-fashion-mnist", FashionMnistPlan);
        return system;
    }

    // The stubs' records of calls that change the system: a real apt-get install (no -s) and a restore.
    private static string[] Changes(string[] log) =>
        log.Where(l => (l.StartsWith("STUB apt-get ", StringComparison.Ordinal) && l.Contains(" install ") && !l.Contains(" -s "))
                       || l.StartsWith("STUB dotnet restore", StringComparison.Ordinal)).ToArray();

    private static string[] AptCalls(string[] log) => log.Where(l => l.StartsWith("STUB apt-get ", StringComparison.Ordinal)).ToArray();

    // "[setup]   would upgrade libc6 2.36 → 2.41" → "upgrade libc6 2.36 → 2.41", for the given verb.
    private static string[] PackageLines(string[] log, string verb) =>
        log.Select(l => l.Trim())
           .Where(l => l.StartsWith($"[setup] {verb} ", StringComparison.Ordinal) || l.StartsWith($"[setup]   {verb} ", StringComparison.Ordinal))
           .Select(l => l["[setup]".Length..].TrimStart()[(verb.Length + 1)..])
           .Where(l => l.StartsWith("install ", StringComparison.Ordinal) || l.StartsWith("upgrade ", StringComparison.Ordinal) || l.StartsWith("remove ", StringComparison.Ordinal))
           .ToArray();

    private static int IndexOf(string[] log, Func<string, bool> match, string what)
    {
        var index = Array.FindIndex(log, l => match(l));
        Assert.True(index >= 0, $"no {what} in the log:\n{string.Join('\n', log)}");
        return index;
    }

    [Fact]
    public void Check_on_Debian_12_without_GLIBCXX_3_4_32_lists_the_trixie_packages_with_old_and_new_versions()
    {
        using var system = Debian12WithoutGlibcxx();
        var (exitCode, log) = system.RunSetup("--check");

        Assert.True(exitCode == 0, string.Join('\n', log));
        Assert.Equal(TrixieChanges, PackageLines(log, "would"));
        Assert.Contains(log, l => l.Contains("note: this upgrades the C library (libc6)"));
        Assert.Contains(log, l => l.Contains("would install libstdc++6 from Debian 13 (trixie) via http://mirror.example/debian"));
        Assert.Contains(log, l => l.StartsWith("[setup] Fashion-MNIST: present in ", StringComparison.Ordinal) && l.EndsWith(": nothing to do", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("would run dotnet restore"));
    }

    [Fact]
    public void Check_changes_nothing_no_install_and_no_restore()
    {
        using var system = Debian12WithoutGlibcxx(hasFashionMnist: false);
        var (exitCode, log) = system.RunSetup("--check");

        Assert.True(exitCode == 0, string.Join('\n', log));
        Assert.Empty(Changes(log));
        // apt was only asked to refresh a private list cache and to simulate.
        Assert.All(AptCalls(log), call => Assert.True(call.EndsWith(" update -qq", StringComparison.Ordinal) || call.Contains(" -s install "), call));
        Assert.All(AptCalls(log), call => Assert.Contains("Dir::State::Lists=", call));
        Assert.Contains("install dataset-fashion-mnist 0.0~git20200523.55506a9-1", PackageLines(log, "would"));
    }

    [Fact]
    public void Install_on_Debian_12_prints_every_package_it_changes_before_installing_libstdcxx()
    {
        using var system = Debian12WithoutGlibcxx();
        var (exitCode, log) = system.RunSetup();

        Assert.True(exitCode == 0, string.Join('\n', log));
        Assert.Equal(TrixieChanges, PackageLines(log, "will"));
        var install = IndexOf(log, l => Changes([l]).Length == 1 && l.EndsWith(" libstdc++6", StringComparison.Ordinal) && l.Contains("-t trixie"), "apt-get install of libstdc++6");
        foreach (var change in TrixieChanges)
            Assert.True(IndexOf(log, l => l.EndsWith("will " + change, StringComparison.Ordinal), change) < install, $"'{change}' printed after the install");
        var restore = IndexOf(log, l => l.StartsWith("STUB dotnet restore", StringComparison.Ordinal), "restore");
        Assert.True(install < restore);
        Assert.Contains("[setup] libstdc++ now has GLIBCXX_3.4.32", log);
    }

    [Fact]
    public void Install_lists_the_same_packages_as_check()
    {
        using var checkSystem = Debian12WithoutGlibcxx(hasFashionMnist: false);
        using var installSystem = Debian12WithoutGlibcxx(hasFashionMnist: false);
        var check = PackageLines(checkSystem.RunSetup("--check").Log, "would");
        var (exitCode, log) = installSystem.RunSetup();

        Assert.True(exitCode == 0, string.Join('\n', log));
        Assert.Equal([.. TrixieChanges, "install dataset-fashion-mnist 0.0~git20200523.55506a9-1"], check);
        Assert.Equal(check, PackageLines(log, "will"));
        // Every package is announced before the first change to the system.
        var firstChange = IndexOf(log, l => Changes([l]).Length == 1, "change");
        Assert.True(Array.FindLastIndex(log, l => l.StartsWith("[setup]   will ", StringComparison.Ordinal)) < firstChange);
    }

    [Theory]
    [InlineData("Debian 13")]
    [InlineData("Ubuntu 24.04")]
    public void Check_with_a_good_libstdcxx_plans_only_the_data_set_and_the_restore(string os)
    {
        using var system = new FakeSystem(os, hasGlibcxx3432: true, hasFashionMnist: false);
        system.Simulation("dataset-fashion-mnist", FashionMnistPlan);
        var (exitCode, log) = system.RunSetup("--check");

        Assert.True(exitCode == 0, string.Join('\n', log));
        Assert.Contains("[setup] libstdc++: has GLIBCXX_3.4.32: nothing to do", log);
        Assert.Equal(["install dataset-fashion-mnist 0.0~git20200523.55506a9-1"], PackageLines(log, "would"));
        Assert.DoesNotContain(AptCalls(log), call => call.Contains("trixie") || call.Contains("libstdc++6"));
        Assert.Contains(log, l => l.Contains("would run dotnet restore"));
        Assert.Empty(Changes(log));
    }

    [Theory]
    [InlineData("Debian 13")]
    [InlineData("Ubuntu 24.04")]
    public void Install_with_a_good_libstdcxx_changes_only_the_data_set_and_the_restore(string os)
    {
        using var system = new FakeSystem(os, hasGlibcxx3432: true, hasFashionMnist: false);
        system.Simulation("dataset-fashion-mnist", FashionMnistPlan);
        var (exitCode, log) = system.RunSetup();

        Assert.True(exitCode == 0, string.Join('\n', log));
        var changes = Changes(log);
        Assert.Equal(2, changes.Length);
        Assert.EndsWith(" install -y -qq dataset-fashion-mnist", changes[0]);
        Assert.StartsWith("STUB dotnet restore", changes[1]);
        Assert.DoesNotContain(AptCalls(log), call => call.Contains("trixie") || call.Contains("libstdc++6"));
    }

    [Fact]
    public void Install_on_a_set_up_machine_only_restores()
    {
        using var system = new FakeSystem("Debian 13", hasGlibcxx3432: true, hasFashionMnist: true);
        var (exitCode, log) = system.RunSetup();

        Assert.True(exitCode == 0, string.Join('\n', log));
        Assert.Empty(AptCalls(log));
        Assert.StartsWith("STUB dotnet restore", Assert.Single(Changes(log)));
    }

    [Fact]
    public void Check_on_Ubuntu_without_GLIBCXX_3_4_32_stops_with_advice_and_changes_nothing()
    {
        using var system = new FakeSystem("Ubuntu 24.04", hasGlibcxx3432: false, hasFashionMnist: true);
        var (exitCode, log) = system.RunSetup("--check");

        Assert.Equal(1, exitCode);
        Assert.Contains(log, l => l.Contains("ERROR: libstdc++ lacks GLIBCXX_3.4.32"));
        Assert.Empty(AptCalls(log));
        Assert.Empty(Changes(log));
    }

    [Fact]
    public void An_unknown_argument_is_an_error_with_usage()
    {
        using var system = Debian12WithoutGlibcxx();
        var (exitCode, log) = system.RunSetup("--chek");

        Assert.Equal(2, exitCode);
        Assert.Contains("[setup] ERROR: unknown argument: --chek", log);
        Assert.Contains(log, l => l.StartsWith("usage: scripts/setup.sh [--check]", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.StartsWith("STUB ", StringComparison.Ordinal));
    }
}
