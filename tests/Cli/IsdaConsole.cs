using IsdaDsl.Experiments;
using Spectre.Console;

namespace IsdaDsl.Tests.Cli;

/// <summary>The `isda` program, or one of its commands, writing plain text 240 columns wide into a string.</summary>
internal static class IsdaConsole
{
    /// <summary>Runs `isda ARGUMENTS` over the generated catalog.</summary>
    public static (int ExitCode, string Output) Run(params string[] arguments) =>
        Capture(console => IsdaApp.Create(console).Run(arguments));

    /// <summary>What <paramref name="write"/> returns and writes to a plain console.</summary>
    public static (int ExitCode, string Output) Capture(Func<IAnsiConsole, int> write)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 240;
        var exitCode = write(console);
        return (exitCode, writer.ToString().ReplaceLineEndings("\n"));
    }
}
