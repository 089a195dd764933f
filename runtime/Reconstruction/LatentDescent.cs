using System.Globalization;
using IsdaDsl.Runtime.Persistence;
using IsdaDsl.Runtime.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Reconstruction;

/// <summary>
/// One descent of the Appendix C reconstruction (Step I or Step II) on a batch of latents z [N, d]: SGD with momentum
/// and L2 weight decay on z only, the objective evaluated at ẑ = <see cref="LatentNormalisation.Normalise"/>(z). The
/// gradient is taken with respect to z alone, so the generator's and feature extractor's parameters neither move nor
/// collect gradients. Resumable at iteration granularity: <see cref="Save"/> writes the step, the next iteration, the
/// schedule, z and the momentum buffer, and a loaded descent continues bit for bit as an uninterrupted one.
/// </summary>
/// <remarks>The latents and the optimiser's state are owned by the descent, outside any dispose scope, and freed by <see cref="Dispose"/>.</remarks>
public sealed class LatentDescent : IDisposable
{
    private const string Magic = "RECON-DESCENT";
    private const int FormatVersion = 1;

    private readonly Parameter latents;
    private readonly SGD optimizer;

    /// <summary>Starts <paramref name="step"/> at iteration 0 from a copy of <paramref name="initialLatents"/> (floating point [N, d], d ≥ 2), on their device and in their dtype.</summary>
    /// <exception cref="ArgumentException">Latents of another shape or type.</exception>
    public LatentDescent(ReconstructionStep step, Tensor initialLatents, ReconstructionSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(initialLatents);
        ArgumentNullException.ThrowIfNull(schedule);
        if (!Enum.IsDefined(step))
            throw new ArgumentOutOfRangeException(nameof(step), step, "Unknown reconstruction step.");
        if (initialLatents.dim() != 2 || initialLatents.shape[1] < 2 || !initialLatents.is_floating_point())
            throw new ArgumentException($"Expected floating-point latents [N, d] with d >= 2, got {initialLatents.dtype} [{string.Join(", ", initialLatents.shape)}]", nameof(initialLatents));
        Step = step;
        Schedule = schedule;
        // Detached: a dispose scope around the caller must not free state that outlives it.
        latents = new Parameter(initialLatents.detach().clone().DetachFromDisposeScope(), requires_grad: true);
        latents.DetachFromDisposeScope();
        optimizer = optim.SGD([latents], schedule.LearningRate(0), schedule.Momentum, dampening: 0, weight_decay: schedule.WeightDecay);
    }

    /// <summary>Which descent this is.</summary>
    public ReconstructionStep Step { get; }

    /// <summary>The descent's schedule.</summary>
    public ReconstructionSchedule Schedule { get; }

    /// <summary>The 0-based iteration <see cref="Run"/> does next; <see cref="ReconstructionSchedule.Iterations"/> when complete.</summary>
    public int NextIteration { get; private set; }

    /// <summary>Whether all iterations of the schedule are done.</summary>
    public bool Completed => NextIteration == Schedule.Iterations;

    /// <summary>A copy of the current latents z [N, d], without autograd history.</summary>
    public Tensor Latents() => latents.detach().clone();

    /// <summary>The current normalised latents ẑ [N, d]: what the generator renders. Without autograd history.</summary>
    public Tensor NormalisedLatents()
    {
        using var noGrad = no_grad();
        return LatentNormalisation.Normalise(latents);
    }

    /// <summary>The SGD momentum buffer (null before the first update); the live tensor, for tests.</summary>
    internal Tensor? MomentumBuffer => MomentumState.momentum_buffer;

    private SGD.State MomentumState => (SGD.State)optimizer.state_dict().State[0];

    /// <summary>
    /// Runs iterations from <see cref="NextIteration"/> up to (excluding) <paramref name="until"/> — the schedule's
    /// end when null — each: set the iteration's learning rate, evaluate <paramref name="objective"/> at ẑ, check the
    /// loss is finite, back-propagate to z only, take the SGD step, report. Stops early, after a whole iteration, when
    /// <paramref name="cancellation"/> is cancelled; the caller saves the descent then.
    /// </summary>
    /// <param name="objective">The loss at the normalised latents (<see cref="ReconstructionObjectives"/>).</param>
    /// <param name="hooks">Reporting and checkpoint callbacks.</param>
    /// <param name="until">Stop before this 0-based iteration (clamped to the schedule's length).</param>
    /// <param name="cancellation">Requests a stop.</param>
    /// <returns>Whether the descent is complete.</returns>
    /// <exception cref="NonFiniteLossException">The loss is NaN or infinite; z keeps its value from before that iteration.</exception>
    public bool Run(Func<Tensor, ObjectiveValue> objective, DescentHooks? hooks = null, int? until = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        hooks ??= DescentHooks.None;
        ArgumentOutOfRangeException.ThrowIfNegative(hooks.CheckpointEvery);
        var end = Math.Min(until ?? Schedule.Iterations, Schedule.Iterations);
        while (NextIteration < end && !cancellation.IsCancellationRequested)
        {
            var report = Iterate(objective);
            NextIteration++;
            hooks.IterationFinished?.Invoke(report);
            if (hooks.CheckpointEvery > 0 && NextIteration % hooks.CheckpointEvery == 0)
                hooks.Checkpoint?.Invoke(this);
        }
        return Completed;
    }

    private DescentIteration Iterate(Func<Tensor, ObjectiveValue> objective)
    {
        var iteration = NextIteration;
        var learningRate = Schedule.LearningRate(iteration);
        using var scope = NewDisposeScope();
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = learningRate;
        optimizer.zero_grad();
        var value = objective(LatentNormalisation.Normalise(latents));
        if (value.Total.numel() != 1)
            throw new InvalidOperationException($"The objective must return a scalar total loss, got [{string.Join(", ", value.Total.shape)}]");
        // One transfer for all terms: on a GPU each item() would be a synchronisation.
        Tensor[] terms = value.Pixel is null ? [value.Feature, value.Total] : [value.Feature, value.Pixel, value.Total];
        var values = stack(terms.Select(t => t.detach().reshape([]).to(ScalarType.Float64)).ToArray()).cpu().data<double>().ToArray();
        var report = new DescentIteration(Step, iteration, learningRate, values[0], value.Pixel is null ? null : values[1], values[^1]);
        if (!double.IsFinite(report.TotalLoss))
        {
            var name = Step == ReconstructionStep.LatentSearch ? "I" : "II";
            var pixel = report.PixelLoss?.ToString(CultureInfo.InvariantCulture) ?? "none";
            throw new NonFiniteLossException(string.Create(CultureInfo.InvariantCulture,
                $"reconstruction Step {name} ({Step}): the loss is {report.TotalLoss} at iteration {iteration} (0-based, lr {learningRate:G4}, feature loss {report.FeatureLoss}, pixel loss {pixel}); the latents keep their values from before this iteration."));
        }
        value.Total.backward(inputs: [latents]);
        optimizer.step();
        return report;
    }

    /// <summary>
    /// Writes the step, the next iteration, the schedule, z and the momentum buffer. Tensors are stored as float64
    /// (<see cref="StateRecord"/>), exact for every floating-point latent type, so a loaded descent continues bit for bit.
    /// </summary>
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        StateRecord.WriteHeader(writer, Magic, FormatVersion);
        writer.Write((int)Step);
        writer.Write(NextIteration);
        writer.Write(Schedule.Iterations);
        writer.Write(Schedule.InitialLearningRate);
        writer.Write(Schedule.DropEvery);
        writer.Write(Schedule.DropFactor);
        writer.Write(Schedule.Momentum);
        writer.Write(Schedule.WeightDecay);
        writer.Write((int)latents.dtype);
        writer.Write(latents.shape[0]);
        writer.Write(latents.shape[1]);
        StateRecord.WriteTensor(writer, latents);
        var buffer = MomentumBuffer;
        writer.Write(buffer is not null);
        if (buffer is not null)
            StateRecord.WriteTensor(writer, buffer);
    }

    /// <summary>
    /// A descent rebuilt from a record written by <see cref="Save"/>, with the latents on <paramref name="device"/>
    /// (the CPU when null) in their saved dtype, continuing at the saved iteration with the saved schedule.
    /// </summary>
    /// <exception cref="InvalidDataException">Not such a record, or a truncated or inconsistent one.</exception>
    public static LatentDescent Load(BinaryReader reader, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        const string what = "reconstruction descent";
        try
        {
            StateRecord.ReadHeader(reader, Magic, FormatVersion, what);
            var step = (ReconstructionStep)reader.ReadInt32();
            if (!Enum.IsDefined(step))
                throw new InvalidDataException($"Unknown reconstruction step {(int)step} in the {what} checkpoint.");
            var next = reader.ReadInt32();
            var schedule = new ReconstructionSchedule(reader.ReadInt32(), reader.ReadDouble(), reader.ReadInt32(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
            if (next < 0 || next > schedule.Iterations)
                throw new InvalidDataException($"The {what} checkpoint's next iteration {next} lies outside [0, {schedule.Iterations}].");
            var dtype = (ScalarType)reader.ReadInt32();
            if (dtype is not (ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64))
                throw new InvalidDataException($"The {what} checkpoint's latents have type {dtype}, not a floating-point type.");
            long[] shape = [reader.ReadInt64(), reader.ReadInt64()];
            if (shape[0] < 1 || shape[1] < 2)
                throw new InvalidDataException($"The {what} checkpoint's latents have shape [{shape[0]}, {shape[1]}].");
            using var scope = NewDisposeScope();
            var saved = StateRecord.ReadTensor(reader, shape, what).to(dtype, device ?? CPU);
            Tensor? buffer = reader.ReadBoolean() ? StateRecord.ReadTensor(reader, shape, what).to(dtype, device ?? CPU) : null;
            var descent = new LatentDescent(step, saved, schedule) { NextIteration = next };
            if (buffer is not null)
                descent.MomentumState.momentum_buffer = buffer.DetachFromDisposeScope();
            return descent;
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"The {what} checkpoint cannot be read: {e.Message}", e);
        }
    }

    /// <summary>Frees the latents and the optimiser's state.</summary>
    public void Dispose()
    {
        optimizer.Dispose();
        latents.Dispose();
    }
}
