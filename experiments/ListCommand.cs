using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using IsdaDsl.Experiments.Generated;
using IsdaDsl.Runtime.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IsdaDsl.Experiments;

/// <summary>`isda list`: every experiment the YAML specs define, as a table or JSON.</summary>
internal sealed class ListCommand : Command<ListCommand.Options>
{
    public sealed class Options : CommandSettings
    {
        [CommandOption("--json")]
        [Description("print JSON instead of a table")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Options options, CancellationToken cancellation)
    {
        var experiments = ExperimentCatalog.All.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value()).ToList();
        if (options.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(experiments, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        var table = new Table().AddColumns("experiment", "data", "model", "method", "epochs", "batch", "lr", "schedule");
        foreach (var e in experiments)
            table.AddRow(e.Name, e.Data.Name, Describe(e.Model), Describe(e.Method), Number(e.Epochs), Number(e.BatchSize), Number(e.Optimizer.LearningRate), e.Schedule.Kind);
        AnsiConsole.Write(table);
        return 0;
    }

    private static string Describe(ComponentSettings component) =>
        Markup.Escape(component.Parameters.Count == 0
            ? component.Name
            : $"{component.Name} ({string.Join(", ", component.Parameters.Select(p => $"{p.Key} {p.Value}"))})");

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
