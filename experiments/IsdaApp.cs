using IsdaDsl.Experiments.Commands;
using IsdaDsl.Experiments.Specs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IsdaDsl.Experiments;

/// <summary>The `isda` command-line program and its commands.</summary>
internal static class IsdaApp
{
    /// <summary>The program writing to <paramref name="console"/> (tests pass their own).</summary>
    public static CommandApp Create(IAnsiConsole console)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("isda");
            config.ConfigureConsole(console);
            config.UseStrictParsing();
            config.AddCommand<ListCommand>("list").WithDescription("List the experiments defined by the YAML specs in experiments/.");
            config.AddCommand<ShowCommand>("show").WithDescription("Print an experiment's spec with every default written out.");
            config.AddCommand<RunCommand>("run").WithDescription("Train an experiment (default: ISDA on Fashion-MNIST), with --set overrides, or resume its run.");
            config.AddCommand<SweepCommand>("sweep").WithDescription("Run every experiment matching a pattern, skipping complete runs and resuming incomplete ones.");
            config.AddCommand<GanQualityCommand>("gan-quality").WithDescription("Measure trained GANs with a classifier: its accuracy on their images per class and the Fréchet distance in its feature space.");
            config.AddCommand<ReportCommand>("report").WithDescription("Tabulate the test errors of the completed runs: mean ± std over runs, per experiment, and Welch tests of ISDA against Basic.");
            config.AddCommand<PlotCommand>("plot").WithDescription("Draw the completed runs as PNG and SVG: test error against epoch per data set and architecture, and each run's curves.");
            config.SetExceptionHandler((exception, _) =>
            {
                // Written as plain lines, never wrapped to the console's width, so they read (and grep) like build errors.
                var lines = exception is SpecProblemsException problems ? problems.Lines : [$"error: {exception.Message}"];
                foreach (var line in lines)
                    console.Profile.Out.Writer.WriteLine(line);
                return 1;
            });
        });
        return app;
    }
}
