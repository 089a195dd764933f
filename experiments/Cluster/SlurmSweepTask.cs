namespace IsdaDsl.Experiments.Cluster;

/// <summary>One array task of a Slurm sweep, as plan.json lists it: the run it trains and the command that does.</summary>
internal sealed record SlurmSweepTask(int Task, string Experiment, int Seed, string Command);
