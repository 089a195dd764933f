using System.Text.Json;
using IsdaDsl.Runtime.Settings;
using IsdaDsl.Tests.Training;

namespace IsdaDsl.Tests.Settings;

public class TrainingSettingsTests
{
    [Fact]
    public void Settings_survive_the_json_round_trip_a_resume_relies_on()
    {
        var settings = SyntheticData.Settings("isda", epochs: 7) with { Schedule = ScheduleSettings.MultiStep(0.2, 2, 4) };
        var json = JsonSerializer.Serialize(settings);
        var back = JsonSerializer.Deserialize<TrainingSettings>(json)!;
        Assert.Equal(json, JsonSerializer.Serialize(back));
        Assert.Equal("0.5", back.Method.Parameters["lambda0"]);
        Assert.Equal([2, 4], back.Schedule.Milestones);
    }

    [Theory]
    [InlineData(0, 128, 0.1, 0.9, "training.epochs must be ≥ 1, got 0")]
    [InlineData(10, 0, 0.1, 0.9, "training.batch_size must be ≥ 1, got 0")]
    [InlineData(10, 128, 0, 0.9, "optimizer.lr must be > 0, got 0")]
    [InlineData(10, 128, 0.1, 1.0, "optimizer.momentum must lie in [0, 1), got 1")]
    public void Invalid_values_are_rejected_with_what_is_allowed(int epochs, int batch, double lr, double momentum, string expected)
    {
        var settings = SyntheticData.Settings() with { Epochs = epochs, BatchSize = batch, Optimizer = new OptimizerSettings(lr, momentum) };
        Assert.Contains(expected, Assert.Throws<ArgumentException>(settings.Validate).Message);
    }
}
