using System.Diagnostics;
using System.Reflection;

namespace IsdaDsl.Tests.Generator;

/// <summary>
/// Real <c>dotnet build</c> runs on a small project outside the repository that consumes the generator as the CLI does
/// (ProjectReference as an analyzer + the generator's props): adding, deleting, renaming or editing a spec reaches the
/// next build without a clean. MSBuild skips CoreCompile when no input is newer than the assembly, which a deleted
/// file, a moved one (it keeps its timestamp) or one added with an old timestamp never is.
/// </summary>
public sealed class BuildNeverGoesStaleTests
{
    // The configuration this test assembly was built in: the generator and the runtime are already built in it, so the
    // probe's builds only resolve them (BuildProjectReferences=false) and never write into the repository.
    private static readonly string Configuration =
        typeof(BuildNeverGoesStaleTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    private const string Spec = """
        model: { architecture: resnet, depth: 20 }
        training: { epochs: 3 }
        schedule: { kind: cosine }
        method: { name: isda, lambda0: 0.25 }
        """;

    [Fact]
    public void Adding_deleting_renaming_or_editing_a_spec_reaches_the_next_build_without_a_clean()
    {
        using var temp = new TemporaryDirectory();
        var project = WriteProbeProject(temp);
        var specs = Path.Combine(project, "specs");
        var expected = new List<string>();
        var actual = new List<string>();

        void BuildAndList(string step, params string[] experiments)
        {
            Dotnet(project, "build", "-c", Configuration, "--no-restore", "-nologo", "-v", "q", "-tl:off", "-m:1",
                "-nodeReuse:false", "-p:BuildProjectReferences=false", "-p:UseSharedCompilation=false");
            var listed = Dotnet(project, Path.Combine("bin", Configuration, "net10.0", "Probe.dll"))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            expected.Add($"{step}: {string.Join(", ", experiments)}");
            actual.Add($"{step}: {string.Join(", ", listed)}");
        }

        File.WriteAllText(Path.Combine(specs, "alpha.yaml"), Spec);
        File.WriteAllText(Path.Combine(specs, "beta.yaml"), Spec);
        Dotnet(project, "restore", "--no-dependencies", "-nologo", "-v", "q", "-tl:off");
        BuildAndList("two specs", "specs-alpha", "specs-beta");

        // A copy that keeps its time (cp -p, an unpacked archive) is older than the assembly.
        File.WriteAllText(Path.Combine(specs, "gamma.yaml"), Spec);
        File.SetLastWriteTimeUtc(Path.Combine(specs, "gamma.yaml"), new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        BuildAndList("gamma added with an old timestamp", "specs-alpha", "specs-beta", "specs-gamma");

        File.Delete(Path.Combine(specs, "beta.yaml"));
        BuildAndList("beta deleted", "specs-alpha", "specs-gamma");

        // The default name derives from the path; a move keeps the file's timestamp.
        File.Move(Path.Combine(specs, "gamma.yaml"), Path.Combine(specs, "delta.yaml"));
        BuildAndList("gamma renamed to delta", "specs-alpha", "specs-delta");

        File.WriteAllText(Path.Combine(specs, "alpha.yaml"), "name: alpha-edited\n" + Spec);
        BuildAndList("alpha edited", "alpha-edited", "specs-delta");

        var steps = expected.Zip(actual, (e, a) => e == a ? $"  ok:   {a}" : $"  want: {e}\n  got:  {a}");
        Assert.True(expected.SequenceEqual(actual), "A build without a clean did not list the specs on disk:\n" + string.Join("\n", steps));
    }

    /// <summary>A console project printing the catalog, isolated from any Directory.Build.* above the temp folder.</summary>
    private static string WriteProbeProject(TemporaryDirectory temp)
    {
        var repo = RepositoryRoot.Path;
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.WriteAllText(temp.Combine(file), "<Project />\n");
        var project = temp.Combine("probe");
        Directory.CreateDirectory(Path.Combine(project, "specs"));
        // CopyLocalLockFileAssemblies=false: the probe never touches TorchSharp, so its ~1 GB of native libraries stay
        // in the NuGet cache instead of being copied to bin/.
        File.WriteAllText(Path.Combine(project, "Probe.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <CopyLocalLockFileAssemblies>false</CopyLocalLockFileAssemblies>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{repo}/runtime/IsdaDsl.Runtime.csproj" />
                <ProjectReference Include="{repo}/generator/IsdaDsl.Generator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
              <Import Project="{repo}/generator/build/IsdaDsl.Generator.props" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            foreach (var name in IsdaDsl.Experiments.Generated.ExperimentCatalog.All.Keys.Order(StringComparer.Ordinal))
                Console.WriteLine(name);
            """);
        return project;
    }

    /// <summary>Runs the dotnet host in <paramref name="directory"/> and returns its output; fails the test on an error.</summary>
    private static string Dotnet(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // `dotnet test` hands its MSBuild settings down to the test host; the probe's builds start from a clean slate.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} did not finish in 3 minutes");
        }
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output.Result}\n{error.Result}");
        return output.Result;
    }
}
