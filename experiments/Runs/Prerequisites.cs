using IsdaDsl.Experiments.Specs;
using IsdaDsl.Runtime.Execution;
using IsdaDsl.Spec;

namespace IsdaDsl.Experiments.Runs;

/// <summary>
/// The experiments a run needs completed runs of before it can start: those its spec names (a generator, a classifier)
/// and, for each of them without a completed run, the ones that experiment names in turn.
/// </summary>
internal static class Prerequisites
{
    /// <summary>
    /// The experiments without a completed run under <paramref name="outRoot"/> that <paramref name="spec"/> needs,
    /// directly or through another such experiment, in an order that can run them: each after those it needs.
    /// </summary>
    public static IReadOnlyList<string> Missing(ExperimentSpec spec, string outRoot)
    {
        var order = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Visit(ExperimentSpec needing)
        {
            foreach (var reference in needing.References)
            {
                // References point from one kind to an earlier one (reconstruction → classification → gan), so this ends.
                if (!seen.Add(reference.Name) || ReferencedRuns.NewestComplete(outRoot, reference.Name, reference.Kind) is not null)
                    continue;
                Visit(CatalogSpecs.Read(reference.Name));
                order.Add(reference.Name);
            }
        }
        Visit(spec);
        return order;
    }

    /// <summary>
    /// The overrides of a run that its prerequisites share: where the data set's files are (the experiments it names
    /// work on the same data set).
    /// </summary>
    public static IReadOnlyList<SpecOverride> Carried(IEnumerable<SpecOverride> overrides) =>
        overrides.Where(o => o.Path == "data.root").ToList();

    /// <summary>
    /// The error that names what <paramref name="spec"/> lacks and the commands that train it, one per line, with
    /// <paramref name="carried"/> (<see cref="Carried"/>).
    /// </summary>
    public static string Describe(ExperimentSpec spec, IReadOnlyList<string> missing, string outRoot, ExecutionOptions execution, IReadOnlyList<SpecOverride> carried)
    {
        var direct = spec.References.Where(r => missing.Contains(r.Name))
            .Select(r => $"{r.Key}: experiment '{r.Name}' has no completed run under {outRoot}{Skipped(outRoot, r.Name)}");
        var commands = missing.Select(name => "  " + CommandLine.Of("run", name, carried, outRoot, execution));
        return string.Join("; ", direct) + "; run first:\n" + string.Join("\n", commands) +
            $"\nor add --with-prerequisites to run {(missing.Count == 1 ? "it" : "them")} before this one";
    }

    /// <summary>" (skipped …)" with why folders of <paramref name="experiment"/> were not looked at (a symbolic link, say); empty when none was.</summary>
    private static string Skipped(string outRoot, string experiment)
    {
        var reasons = new List<string>();
        RunFolders.Find(outRoot, experiment, reasons.Add);
        return reasons.Count == 0 ? "" : $" ({string.Join("; ", reasons)})";
    }
}
