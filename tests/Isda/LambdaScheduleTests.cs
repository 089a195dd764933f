using IsdaDsl.Runtime.Isda;

namespace IsdaDsl.Tests.Isda;

public class LambdaScheduleTests
{
    [Theory]
    [InlineData(0.5, 0, 160, 0.0)]
    [InlineData(0.5, 80, 160, 0.25)]
    [InlineData(0.5, 159, 160, 0.5 * 159 / 160)]
    [InlineData(0.0, 10, 20, 0.0)]
    public void At_IsLambda0TimesEpochOverTotal(double lambda0, int epoch, int total, double expected) =>
        Assert.Equal(expected, LambdaSchedule.At(lambda0, epoch, total), 15);

    [Theory]
    [InlineData(-0.1, 0, 10)]
    [InlineData(double.PositiveInfinity, 0, 10)]
    [InlineData(0.5, -1, 10)]
    [InlineData(0.5, 11, 10)]
    [InlineData(0.5, 0, 0)]
    public void At_RejectsInvalidArguments(double lambda0, int epoch, int total) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LambdaSchedule.At(lambda0, epoch, total));
}
