namespace IsdaDsl.Runtime.Execution;

/// <summary>How a run executes, as opposed to what it trains (which <c>TrainingSettings</c> say).</summary>
/// <param name="ChannelsLast">
/// Feed the network channels-last batches (<see cref="TorchRuntime.ToChannelsLast(TorchSharp.torch.Tensor)"/>), the
/// default; false: NCHW. Channels-last selects oneDNN's faster kernels (ResNet-32 step 1.19× PyTorch at its best
/// against 1.54× for NCHW, ResNet-8 on Fashion-MNIST 1 164 against 887 images/s; benchmarks/README.md) and was found
/// as reproducible as NCHW: the determinism probe gave identical bits at 2 threads with oneDNN's SSE4.1, AVX2 and
/// AVX-512 kernels, and the resume test passes on both layouts. Results differ from NCHW runs in the last bits, and
/// then as another seed would.
/// </param>
/// <param name="ReadEvery">
/// The training steps between two reads of the loss and accuracy (a GAN's losses, Wasserstein estimate and penalty)
/// back to the host. A read makes the host wait for the device, which on a GPU stalls it; the values are kept on the
/// device in between and read all at once, so the metrics are the same for every value. A non-finite loss stops the run at the read that sees it, at most this
/// many steps late; the last good checkpoint is kept either way.
/// </param>
/// <param name="LoaderWorkers">
/// The threads that prepare (augment) training and test batches, each a different batch at a time. A batch depends
/// only on the seed, the epoch and its index, so the batches, and the run, are the same for every value.
/// </param>
/// <param name="Threads">
/// The intra-op threads asked for (`--threads`), or null for <see cref="TorchRuntime.Configure"/>'s default. They are
/// the process's, set there before any run; they travel here so that a run's command says them, since a run repeats
/// bit for bit only at the same thread count (environment.jsonl records the count each start used).
/// </param>
public sealed record ExecutionOptions(bool ChannelsLast = ExecutionOptions.DefaultChannelsLast, int ReadEvery = ExecutionOptions.DefaultReadEvery, int LoaderWorkers = ExecutionOptions.DefaultLoaderWorkers, int? Threads = null)
{
    /// <summary>Channels-last batches unless asked for NCHW (see <see cref="ChannelsLast"/>).</summary>
    public const bool DefaultChannelsLast = true;

    /// <summary>The command line's name of the channels-last layout.</summary>
    public const string ChannelsLastName = "channels-last";

    /// <summary>The command line's name of the NCHW layout.</summary>
    public const string NchwName = "nchw";

    /// <summary>The command line's name of the layout <paramref name="channelsLast"/> says.</summary>
    public static string LayoutName(bool channelsLast) => channelsLast ? ChannelsLastName : NchwName;

    /// <summary>Steps between reads by default: a read is cheap on a CPU and costs a GPU a stall each time.</summary>
    public const int DefaultReadEvery = 20;

    /// <summary>
    /// Loader threads by default: one, because on a CPU the training step needs the cores and one thread prepares
    /// batches far faster than the step consumes them; a GPU, which consumes them faster, is fed by one worker per
    /// free core.
    /// </summary>
    public const int DefaultLoaderWorkers = 1;

    /// <summary>Every option at its default.</summary>
    public static ExecutionOptions Default { get; } = new();

    /// <summary>Refuses a <see cref="ReadEvery"/>, <see cref="LoaderWorkers"/> or <see cref="Threads"/> below one.</summary>
    public void Validate()
    {
        if (Threads < 1)
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "a run needs at least 1 thread");
        if (ReadEvery < 1)
            throw new ArgumentOutOfRangeException(nameof(ReadEvery), ReadEvery, "the steps between reads of the metrics must be at least 1");
        if (LoaderWorkers < 1)
            throw new ArgumentOutOfRangeException(nameof(LoaderWorkers), LoaderWorkers, "the loader needs at least 1 worker thread");
    }
}
