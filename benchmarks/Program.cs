using BenchmarkDotNet.Running;
using IsdaDsl.Benchmarks;

if (args.Length > 0 && args[0] == "step")
    return StepConsole.Run(args[1..]);
if (args.Length > 0 && args[0] == "determinism")
    return DeterminismConsole.Run(args[1..]);
if (args.Length > 0 && args[0] == "onednn-check")
    return OneDnnCheckConsole.Run(args[1..]);
if (args.Length > 0 && args[0] == "head-memory")
    return HeadMemoryConsole.Run(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
