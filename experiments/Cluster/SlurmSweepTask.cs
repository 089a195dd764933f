namespace IsdaDsl.Experiments.Cluster;

/// <summary>
/// One array task of a Slurm sweep, as plan.json lists it: the run it trains, the command that does, and the run's
/// identity (<see cref="Specs.SpecIdentity.OfRun"/>), by which `isda sweep --status` finds its run folder.
/// </summary>
internal sealed record SlurmSweepTask(int Task, string Experiment, int Seed, string Command, string RunKey);
