using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Serialization;
using IsdaDsl.Runtime.Persistence;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Execution;

/// <summary>
/// What decides a run's numbers besides its spec and seed: the program and libtorch builds, the processor, the
/// threads, the device, the batches' layout and oneDNN's kernels. A run repeats, and resumes, bit for bit only where
/// all of them are the same; a change of any acts like another seed (docs/results.md measures how much). Trainers record
/// it in the run folder at every start (<see cref="Training.EnvironmentLog"/>).
/// </summary>
public sealed record RunEnvironment(
    [property: JsonPropertyName("program")] string Program,
    [property: JsonPropertyName("torchsharp")] string TorchSharp,
    [property: JsonPropertyName("processor")] string Processor,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("layout")] string Layout,
    [property: JsonPropertyName("onednn")] string OneDnn)
{
    /// <summary>
    /// This process's environment for a run on <paramref name="device"/> that feeds its network channels-last batches
    /// or not (<paramref name="channelsLast"/>), once its kernels are chosen.
    /// </summary>
    public static RunEnvironment Current(Device device, bool channelsLast) => new(
        Version(typeof(RunEnvironment).Assembly),
        Version(typeof(TorchSharp.torch).Assembly),
        ProcessorName(),
        get_num_threads(),
        device.ToString(),
        ExecutionOptions.LayoutName(channelsLast),
        Execution.OneDnn.Kernels);

    /// <summary>Each property that differs in <paramref name="later"/>, as "name: before → after", in declaration order.</summary>
    public IReadOnlyList<string> ChangesTo(RunEnvironment later)
    {
        ArgumentNullException.ThrowIfNull(later);
        return Fields
            .Select(f => (f.Name, Before: f.Property.GetValue(this)?.ToString(), After: f.Property.GetValue(later)?.ToString()))
            .Where(c => c.Before != c.After)
            .Select(c => $"{c.Name}: {c.Before} → {c.After}")
            .ToList();
    }

    private static readonly IReadOnlyList<(string Name, PropertyInfo Property)> Fields = JsonFields.Of(typeof(RunEnvironment));

    // "1.0.0+<commit>" where the build knew its git commit.
    private static string Version(Assembly assembly) =>
        $"{assembly.GetName().Name} {assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString()}";

    private static string ProcessorName()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var model = File.Exists(cpuInfo)
            ? File.ReadLines(cpuInfo).Where(line => line.StartsWith("model name", StringComparison.Ordinal)).Select(line => line[(line.IndexOf(':') + 1)..].Trim()).FirstOrDefault()
            : null;
        return $"{model ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} logical processors";
    }
}
