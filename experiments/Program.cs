using IsdaDsl.Experiments;
using Spectre.Console;

return IsdaApp.Create(AnsiConsole.Console).Run(args);
