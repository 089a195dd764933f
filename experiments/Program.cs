using IsdaDsl.Experiments;
using Spectre.Console;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("isda");
    config.UseStrictParsing();
    config.AddCommand<ListCommand>("list").WithDescription("List the experiments defined by the YAML specs in experiments/.");
    config.AddCommand<ShowCommand>("show").WithDescription("Print an experiment's spec with every default written out.");
    config.AddCommand<TrainCommand>("train").WithDescription("Train an experiment (default: ISDA on Fashion-MNIST) or resume a run.");
    config.SetExceptionHandler((exception, _) =>
    {
        AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(exception.Message)}");
        return 1;
    });
});
return app.Run(args);
