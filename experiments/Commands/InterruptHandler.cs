using Spectre.Console;

namespace IsdaDsl.Experiments.Commands;

/// <summary>
/// The first Ctrl+C asks the trainer to save a checkpoint and stop after the current step; a second one
/// ends the process at once.
/// </summary>
internal sealed class InterruptHandler : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly IAnsiConsole console;

    public InterruptHandler(IAnsiConsole console)
    {
        this.console = console;
        Console.CancelKeyPress += OnCancel;
    }

    public CancellationToken Token => source.Token;

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (source.IsCancellationRequested)
            return;
        e.Cancel = true;
        console.MarkupLine("[yellow]stopping after this step and saving a checkpoint (Ctrl+C again to abort)[/]");
        source.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        source.Dispose();
    }
}
