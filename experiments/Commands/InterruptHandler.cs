using System.Runtime.InteropServices;
using Spectre.Console;

namespace IsdaDsl.Experiments.Commands;

/// <summary>
/// The first Ctrl+C (SIGINT) or SIGTERM asks the trainer to save a checkpoint and stop after the current step; a
/// second one ends the process at once. SIGTERM is how Slurm preempts or cancels a task, and how `kill` and
/// container runtimes ask a process to end, with a grace period before SIGKILL.
/// </summary>
internal sealed class InterruptHandler : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly IAnsiConsole console;
    private readonly PosixSignalRegistration terminate;

    public InterruptHandler(IAnsiConsole console)
    {
        this.console = console;
        Console.CancelKeyPress += OnCancel;
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => context.Cancel = Request("SIGTERM"));
    }

    public CancellationToken Token => source.Token;

    private void OnCancel(object? sender, ConsoleCancelEventArgs e) => e.Cancel = Request("Ctrl+C");

    /// <summary>Asks for the stop; whether the signal's own action (ending the process) is held back: only the first time.</summary>
    private bool Request(string signal)
    {
        if (source.IsCancellationRequested)
            return false;
        console.MarkupLine($"[yellow]{signal}: stopping after this step and saving a checkpoint (again to abort)[/]");
        source.Cancel();
        return true;
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        terminate.Dispose();
        source.Dispose();
    }
}
