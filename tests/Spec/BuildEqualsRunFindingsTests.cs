using IsdaDsl.Runtime.Settings;
using IsdaDsl.Spec;
using IsdaDsl.Tests.Generator;

namespace IsdaDsl.Tests.Spec;

/// <summary>
/// The disagreements <see cref="BuildEqualsRunTests"/> found, pinned with their words and positions: momentum 0
/// under the default nesterov (the build accepted what SGD refuses), and milestones or a factor under a cosine
/// schedule (the runtime silently ignored what the build refuses).
/// </summary>
public sealed class BuildEqualsRunFindingsTests
{
    [Fact]
    public void Momentum_zero_under_the_default_nesterov_is_reported_at_the_momentum()
    {
        var problem = Assert.Single(SpecReader.Read("optimizer: { momentum: 0 }\n", "spec.yaml").Problems);

        Assert.Equal(ProblemIds.OutOfRange, problem.Id);
        Assert.Equal((0, 23), (problem.Span.StartLine, problem.Span.StartColumn));
        Assert.Equal("optimizer.momentum must be > 0 with nesterov: true, the default; set optimizer.nesterov: false for SGD without momentum, got 0", problem.Message);
    }

    [Fact]
    public void A_nesterov_written_out_takes_the_problem_and_plain_sgd_takes_momentum_zero()
    {
        var problem = Assert.Single(SpecReader.Read("optimizer: { momentum: 0, nesterov: true }\n", "spec.yaml").Problems);
        Assert.Equal("optimizer.nesterov needs momentum > 0, got true", problem.Message);

        var plain = SpecReader.Read("optimizer: { momentum: 0, nesterov: false }\n", "spec.yaml");
        Assert.Empty(plain.Problems);
        Assert.Equal((0.0, false), (plain.Experiments[0].Optimizer.Momentum, plain.Experiments[0].Optimizer.Nesterov));
    }

    [Fact]
    public void A_base_with_momentum_zero_leaves_nesterov_to_its_extenders_who_are_judged_through_it()
    {
        (string, string) sgd = ("base/sgd.yaml", "optimizer: { momentum: 0 }\n");

        Assert.Empty(GeneratorHarness.Read("base/sgd.yaml", sgd).Problems);
        Assert.Empty(GeneratorHarness.Read("plain.yaml", sgd, ("plain.yaml", "extends: base/sgd.yaml\noptimizer: { nesterov: false }\n")).Problems);
        var problem = Assert.Single(GeneratorHarness.Read("nesterov.yaml", sgd, ("nesterov.yaml", "extends: base/sgd.yaml\n")).Problems);
        Assert.Equal((0, 9), (problem.Span.StartLine, problem.Span.StartColumn));
        Assert.StartsWith("through base/sgd.yaml(1,24): optimizer.momentum must be > 0 with nesterov: true, the default", problem.Message);
    }

    [Theory]
    [InlineData(new[] { 10 }, SpecSchema.DefaultFactor)]
    [InlineData(new int[0], 0.5)]
    public void A_cosine_schedule_refuses_milestones_and_a_factor_at_run_time_as_the_build_does(int[] milestones, double factor)
    {
        var schedule = new ScheduleSettings("cosine", milestones, factor);

        var thrown = Assert.Throws<ArgumentException>(schedule.Validate);
        Assert.StartsWith("schedule kind cosine takes no milestones or factor (it decays over the whole run)", thrown.Message);
        ScheduleSettings.Cosine().Validate();
        ScheduleSettings.MultiStep(0.5, 10).Validate();
    }
}
