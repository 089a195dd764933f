using IsdaDsl.Runtime.Settings;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IsdaDsl.Experiments.Runs;
using IsdaDsl.Experiments.Specs;
using IsdaDsl.Spec;
using IsdaDsl.Runtime.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IsdaDsl.Experiments.Commands;

/// <summary>
/// `isda list`: every experiment the YAML specs define, as a table or JSON. One whose resolved spec does not
/// validate is listed too, with its problems, and makes the command fail.
/// </summary>
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
        // One experiment per line also in a log or a pipe, where Spectre would otherwise wrap at 80 columns.
        if (!options.Json && Console.IsOutputRedirected)
            console.Profile.Width = 240;
        return List(console, SpecCatalog.Generated, options.Json);
    }

    /// <summary>Writes the experiments of <paramref name="catalog"/>; 1 when some of them do not validate, else 0.</summary>
    internal static int List(IAnsiConsole console, SpecCatalog catalog, bool json)
    {
        var experiments = catalog.Names.Select(name => Listed.Read(catalog, name)).ToList();
        var broken = experiments.Count(e => e.Spec is null);
        if (json)
        {
            // A valid experiment is its resolved settings, as before; one that does not validate is its name and problems.
            // Each valid one is its settings with its kind: TrainingSettings, GanSettings or ReconstructionSettings.
            var items = experiments.Select(e => e.Spec is { } spec ? (object)Json(spec) : new { e.Name, e.Problems });
            console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(items, new JsonSerializerOptions { WriteIndented = true }));
            return broken == 0 ? 0 : 1;
        }

        var table = new Table().AddColumns("experiment", "kind", "data", "model", "method", "epochs", "runs", "paper error %");
        foreach (var e in experiments)
        {
            if (e.Spec is not { } spec)
            {
                // The problems are too long for a cell of this wide table: they follow it, one line each.
                table.AddRow(Markup.Escape(e.Name), "", $"[red]invalid: {e.Problems.Count} problem{(e.Problems.Count == 1 ? "" : "s")} below[/]", "", "", "", "", "");
                continue;
            }
            if (spec.Gan is { } gan)
            {
                // A GAN's networks are the DCGAN pair (docs/method.md §9.2); its objective is in the method column.
                table.AddRow(Markup.Escape(e.Name), "gan", Markup.Escape(spec.Data.Name), "dcgan",
                    Markup.Escape(ComponentText.Describe(gan.Name, gan.Parameters.Select(p => new KeyValuePair<string, string>(p.Key, p.Text)))),
                    Number(spec.Training.Epochs), Number(RunSeeds.Count(spec)), "");
                continue;
            }
            if (spec.IsReconstruction)
            {
                // A reconstruction trains nothing: the networks it uses are those of the experiments it names.
                var reconstruction = SpecSettings.ToReconstructionSettings(spec);
                table.AddRow(Markup.Escape(e.Name), spec.Kind, Markup.Escape(spec.Data.Name), Markup.Escape($"{reconstruction.Classifier} + {reconstruction.Generator}"),
                    "appendix C", "", Number(RunSeeds.Count(spec)), "");
                continue;
            }
            var settings = SpecSettings.ToTrainingSettings(spec);
            table.AddRow(Markup.Escape(e.Name), spec.Kind, Markup.Escape(Data(settings.Data)),
                Markup.Escape(ComponentText.Describe(settings.Model.Name, settings.Model.Parameters)),
                Markup.Escape(ComponentText.Describe(settings.Method.Name, settings.Method.Parameters)),
                Number(settings.Epochs), Number(RunSeeds.Count(spec)), spec.Evaluation.PaperError is { } paper ? Number(paper) : "");
        }
        console.Write(table);
        if (broken == 0)
            return 0;
        // Plain lines, never wrapped, like the other commands' errors; each names the experiment and its spec file.
        var writer = console.Profile.Out.Writer;
        foreach (var line in experiments.SelectMany(e => e.Problems))
            writer.WriteLine(line);
        writer.WriteLine($"error: {broken} of {experiments.Count} experiments do not validate");
        return 1;
    }

    private static JsonObject Json(ExperimentSpec spec)
    {
        var settings = spec.Kind switch
        {
            "gan" => JsonSerializer.SerializeToNode(SpecSettings.ToGanSettings(spec)),
            "reconstruction" => JsonSerializer.SerializeToNode(SpecSettings.ToReconstructionSettings(spec)),
            _ => JsonSerializer.SerializeToNode(SpecSettings.ToTrainingSettings(spec)),
        };
        var item = new JsonObject { ["Kind"] = spec.Kind };
        foreach (var (key, value) in settings!.AsObject().ToList())
        {
            settings.AsObject().Remove(key);
            item[key] = value;
        }
        return item;
    }

    private static string Data(DataSettings data) =>
        data.Name + (data.Augmentation == "standard" ? "" : $" +{data.Augmentation}") + (data.CutoutSize > 0 ? $" +cutout {data.CutoutSize}" : "")
        + (data.TrainFraction < 1 ? $" +train_fraction {Number(data.TrainFraction)}" : "");

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An experiment as listed: its validated spec, or the problems that keep it from validating.</summary>
    private sealed record Listed(string Name, ExperimentSpec? Spec, IReadOnlyList<string> Problems)
    {
        public static Listed Read(SpecCatalog catalog, string name)
        {
            try
            {
                return new Listed(name, catalog.Read(name), []);
            }
            catch (SpecProblemsException e)
            {
                return new Listed(name, null, e.Lines);
            }
        }
    }
}
