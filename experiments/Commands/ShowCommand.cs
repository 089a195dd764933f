using System.ComponentModel;
using IsdaDsl.Experiments.Specs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IsdaDsl.Experiments.Commands;

/// <summary>
/// `isda show NAME`: the experiment's spec with every default written out, as YAML. One that does not validate is
/// shown all the same (the positions of its problems are in this YAML), followed by its problems, and fails.
/// </summary>
internal sealed class ShowCommand(IAnsiConsole console) : Command<ShowCommand.Options>
{
    public sealed class Options : CommandSettings
    {
        [CommandArgument(0, "<EXPERIMENT>")]
        [Description("the experiment's name, as `isda list` shows it")]
        public string Experiment { get; init; } = "";
    }

    public override int Execute(CommandContext context, Options options, CancellationToken cancellation) =>
        Show(console, SpecCatalog.Generated, options.Experiment);

    /// <summary>Writes experiment <paramref name="name"/> of <paramref name="catalog"/>; 1 when it does not validate, else 0.</summary>
    internal static int Show(IAnsiConsole console, SpecCatalog catalog, string name)
    {
        var writer = console.Profile.Out.Writer;
        writer.Write(catalog.Yaml(name));
        try
        {
            catalog.Read(name);
            return 0;
        }
        catch (SpecProblemsException e)
        {
            foreach (var line in e.Lines)
                writer.WriteLine(line);
            return 1;
        }
    }
}
