using System.Diagnostics;
using System.Runtime.InteropServices;

namespace IsdaDsl.Benchmarks;

/// <summary>
/// `IsdaDsl.Benchmarks head-memory`: the peak resident memory one ISDA head step adds, per variant of
/// <see cref="IsdaHeadBenchmarks"/> and size, measured by the kernel (VmHWM), not estimated from tensor shapes. Each
/// variant runs in a process of its own, so that memory an earlier variant left mapped cannot hide this one's: after
/// a first step the peak is reset to the current resident size (/proc/self/clear_refs), one more step runs, and the
/// difference between the new peak and that size is printed.
/// </summary>
internal static class HeadMemoryConsole
{
    private static readonly string[] Variants = ["product", "cross-entropy", "ours", "published"];

    public static int Run(string[] args)
    {
        if (args.Length == 2)
            return Measure(args[0], ParseShape(args[1]));
        if (args.Length != 0)
            throw new ArgumentException("usage: head-memory [VARIANT N,C,A]");

        Console.WriteLine("| variant | size | peak resident bytes added by a step |");
        Console.WriteLine("|---|---|---:|");
        foreach (var shape in IsdaHeadBenchmarks.Shapes)
        {
            foreach (var variant in Variants)
            {
                var start = new ProcessStartInfo(Environment.ProcessPath!, ["head-memory", variant, $"{shape.N},{shape.C},{shape.A}"])
                {
                    RedirectStandardOutput = true,
                };
                using var child = Process.Start(start)!;
                var bytes = child.StandardOutput.ReadToEnd().Trim();
                child.WaitForExit();
                if (child.ExitCode != 0)
                    return child.ExitCode;
                Console.WriteLine($"| {variant} | {shape} | {long.Parse(bytes):N0} |");
            }
        }
        return 0;
    }

    private static int Measure(string variant, IsdaHeadBenchmarks.Shape shape)
    {
        var head = new IsdaHeadBenchmarks { Size = shape };
        head.Setup();
        Action step = variant switch
        {
            "product" => head.BatchedProduct,
            "cross-entropy" => head.CrossEntropy,
            "ours" => head.Ours,
            "published" => head.Published,
            _ => throw new ArgumentException($"unknown variant {variant}; one of {string.Join(", ", Variants)}"),
        };
        // A first step creates the gradients (kept, in place, by the parameters) and libtorch's lazily built state.
        // Then the C heap hands its free memory back, or a step could reuse it unseen, and the peak is reset.
        step();
        MallocTrim(0);
        File.WriteAllText("/proc/self/clear_refs", "5");
        var before = StatusBytes("VmRSS");
        step();
        Console.WriteLine(StatusBytes("VmHWM") - before);
        head.Cleanup();
        return 0;
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    /// <summary>A field of /proc/self/status ("VmRSS:   1234 kB") in bytes.</summary>
    private static long StatusBytes(string field)
    {
        var line = File.ReadLines("/proc/self/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

    private static IsdaHeadBenchmarks.Shape ParseShape(string text)
    {
        var parts = text.Split(',').Select(int.Parse).ToArray();
        return new IsdaHeadBenchmarks.Shape(parts[0], parts[1], parts[2]);
    }
}
