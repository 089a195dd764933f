namespace IsdaDsl.Experiments.Cluster;

/// <summary>
/// What each array task of a Slurm sweep asks for; a null leaves it to the cluster's defaults. The values are
/// Slurm's own syntax (--mem 16G, --time 1-00:00:00) and are checked by sbatch, which says what is wrong.
/// </summary>
internal sealed record SlurmOptions(
    string? Partition = null,
    int? GpusPerTask = null,
    int? CpusPerTask = null,
    string? Mem = null,
    string? Time = null,
    int? MaxParallel = null)
{
    /// <summary>The `isda sweep` options that ask for these values again, quoted for a POSIX shell.</summary>
    public IEnumerable<string> Words()
    {
        (string Option, object? Value)[] options =
            [("--partition", Partition), ("--gpus-per-task", GpusPerTask), ("--cpus-per-task", CpusPerTask), ("--mem", Mem), ("--time", Time), ("--max-parallel", MaxParallel)];
        foreach (var (option, value) in options)
        {
            if (value is null)
                continue;
            yield return option;
            yield return Runs.CommandLine.Quote(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!);
        }
    }
}
