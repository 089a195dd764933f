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
    int? MaxParallel = null);
