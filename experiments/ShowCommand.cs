using System.ComponentModel;
using IsdaDsl.Experiments.Generated;
using Spectre.Console.Cli;

namespace IsdaDsl.Experiments;

/// <summary>`isda show NAME`: the experiment's spec with every default written out, as YAML.</summary>
internal sealed class ShowCommand : Command<ShowCommand.Options>
{
    public sealed class Options : CommandSettings
    {
        [CommandArgument(0, "<EXPERIMENT>")]
        [Description("the experiment's name, as `isda list` shows it")]
        public string Experiment { get; init; } = "";
    }

    public override int Execute(CommandContext context, Options options, CancellationToken cancellation)
    {
        if (!ExperimentCatalog.ResolvedYaml.TryGetValue(options.Experiment, out var yaml))
            throw new ArgumentException($"unknown experiment '{options.Experiment}'; known: {string.Join(", ", ExperimentCatalog.ResolvedYaml.Keys.Order(StringComparer.Ordinal))}");
        Console.Write(yaml);
        return 0;
    }
}
