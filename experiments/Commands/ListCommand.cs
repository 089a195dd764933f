using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using IsdaDsl.Experiments.Generated;
using IsdaDsl.Experiments.Runs;
using IsdaDsl.Experiments.Specs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IsdaDsl.Experiments.Commands;

/// <summary>`isda list`: every experiment the YAML specs define, as a table or JSON.</summary>
internal sealed class ListCommand(IAnsiConsole console) : Command<ListCommand.Options>
{
    public sealed class Options : CommandSettings
    {
        [CommandOption("--json")]
        [Description("print JSON instead of a table")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Options options, CancellationToken cancellation)
    {
        var experiments = CatalogSpecs.Names.Select(name => ExperimentCatalog.All[name]()).ToList();
        if (options.Json)
        {
            console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(experiments, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        var table = new Table().AddColumns("experiment", "data", "model", "method", "epochs", "batch", "lr", "schedule", "runs");
        foreach (var e in experiments)
        {
            table.AddRow(e.Name, e.Data.Name, Markup.Escape(ComponentText.Describe(e.Model.Name, e.Model.Parameters)), Markup.Escape(ComponentText.Describe(e.Method.Name, e.Method.Parameters)),
                Number(e.Epochs), Number(e.BatchSize), Number(e.Optimizer.LearningRate), e.Schedule.Kind, Number(RunSeeds.Count(CatalogSpecs.Read(e.Name))));
        }
        console.Write(table);
        return 0;
    }

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
