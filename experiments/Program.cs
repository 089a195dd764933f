using IsdaDsl.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("isda");
    config.UseStrictParsing();
    config.AddCommand<TrainCommand>("train").WithDescription("Train the default Fashion-MNIST experiment (ISDA by default) or resume a run.");
    config.SetExceptionHandler((exception, _) =>
    {
        AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(exception.Message)}");
        return 1;
    });
});
return app.Run(args);
