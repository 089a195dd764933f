using System.ComponentModel;
using IsdaDsl.Experiments.Specs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IsdaDsl.Experiments.Commands;

/// <summary>`isda show NAME`: the experiment's spec with every default written out, as YAML.</summary>
internal sealed class ShowCommand(IAnsiConsole console) : Command<ShowCommand.Options>
{
    public sealed class Options : CommandSettings
    {
        [CommandArgument(0, "<EXPERIMENT>")]
        [Description("the experiment's name, as `isda list` shows it")]
        public string Experiment { get; init; } = "";
    }

    public override int Execute(CommandContext context, Options options, CancellationToken cancellation)
    {
        console.Profile.Out.Writer.Write(CatalogSpecs.Yaml(options.Experiment));
        return 0;
    }
}
