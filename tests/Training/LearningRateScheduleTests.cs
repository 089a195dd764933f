using IsdaDsl.Runtime.Settings;
using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Tests.Training;

public class LearningRateScheduleTests
{
    [Fact]
    public void MultiStep_follows_the_resnet_row_of_table_1()
    {
        // ResNet: lr 0.1, ×0.1 at epochs 80 and 120 of 160.
        var schedule = new MultiStepSchedule(0.1, [80, 120], 0.1, 160);
        Assert.Equal(0.1, schedule.At(0), 15);
        Assert.Equal(0.1, schedule.At(79), 15);
        Assert.Equal(0.01, schedule.At(80), 15);
        Assert.Equal(0.01, schedule.At(119), 15);
        Assert.Equal(0.001, schedule.At(120), 15);
        Assert.Equal(0.001, schedule.At(159), 15);
    }

    [Fact]
    public void MultiStep_follows_the_wide_resnet_row_of_table_1()
    {
        var schedule = new MultiStepSchedule(0.1, [60, 120, 160, 200], 0.2, 240);
        Assert.Equal(0.1 * 0.2 * 0.2 * 0.2 * 0.2, schedule.At(239), 15);
        Assert.Equal(0.1 * 0.2, schedule.At(60), 15);
    }

    [Theory]
    [InlineData(new[] { 120, 80 }, "strictly increase")]
    [InlineData(new[] { 80, 80 }, "strictly increase")]
    [InlineData(new[] { 160 }, "[1, 160)")]
    [InlineData(new[] { 0 }, "[1, 160)")]
    public void MultiStep_rejects_bad_milestones(int[] milestones, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new MultiStepSchedule(0.1, milestones, 0.1, 160));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Cosine_matches_the_closed_form()
    {
        var schedule = new CosineSchedule(0.1, 1800);
        for (var epoch = 0; epoch < 1800; epoch += 37)
            Assert.Equal(0.05 * (1 + Math.Cos(Math.PI * epoch / 1800)), schedule.At(epoch), 15);
        Assert.Equal(0.1, schedule.At(0), 15);
        Assert.Equal(0.05, schedule.At(900), 12);
    }

    [Fact]
    public void Non_positive_learning_rates_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new CosineSchedule(0, 10));
        Assert.Throws<ArgumentException>(() => new MultiStepSchedule(-0.1, [], 0.1, 10));
    }

    [Fact]
    public void Unknown_schedules_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new ScheduleSettings("linear", []).Create(0.1, 10));
        Assert.Contains("known: multistep, cosine", error.Message);
    }
}
