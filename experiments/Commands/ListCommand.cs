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
        // One experiment per line also in a log or a pipe, where Spectre would otherwise wrap at 80 columns.
        if (Console.IsOutputRedirected)
            console.Profile.Width = 240;
        var table = new Table().AddColumns("experiment", "data", "model", "method", "epochs", "runs", "paper error %");
        foreach (var e in experiments)
        {
            var spec = CatalogSpecs.Read(e.Name);
            var data = e.Data.Name + (e.Data.Augmentation == "standard" ? "" : $" +{e.Data.Augmentation}") + (e.Data.CutoutSize > 0 ? $" +cutout {e.Data.CutoutSize}" : "");
            table.AddRow(e.Name, Markup.Escape(data), Markup.Escape(ComponentText.Describe(e.Model.Name, e.Model.Parameters)), Markup.Escape(ComponentText.Describe(e.Method.Name, e.Method.Parameters)),
                Number(e.Epochs), Number(RunSeeds.Count(spec)), spec.Evaluation.PaperError is { } paper ? Number(paper) : "");
        }
        console.Write(table);
        return 0;
    }

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
