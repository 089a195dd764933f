namespace IsdaDsl.Experiments.Reports;

/// <summary>
/// An experiment of some method (ISDA or a baseline) and a Basic one whose specs differ only in the method
/// (<see cref="MethodPairs"/>), with Welch's test of its test error against Basic's in percentage points, or why there
/// is none.
/// </summary>
internal sealed record MethodPair(ReportRow Method, ReportRow Basic, WelchTest? Test, string? Untested)
{
    /// <summary>The method's mean test error minus Basic's, in percentage points; null when the two report different measures.</summary>
    public double? DifferencePercent => Method.Measure == Basic.Measure ? Method.ErrorPercent.Mean - Basic.ErrorPercent.Mean : null;

    /// <summary>The pair with its test, or the reason it has none.</summary>
    public static MethodPair Of(ReportRow method, ReportRow basic)
    {
        // Comparing, say, ISDA's final-epoch error with Basic's mean of the last 10 epochs would test nothing.
        if (method.Measure != basic.Measure)
            return new MethodPair(method, basic, null, $"measures differ ({method.Measure} against {basic.Measure})");
        if (method.ErrorPercent.Count < 2 || basic.ErrorPercent.Count < 2)
            return new MethodPair(method, basic, null, "needs 2 runs on each side");
        return WelchTest.Of(method.ErrorPercent, basic.ErrorPercent) is { } test
            ? new MethodPair(method, basic, test, null)
            : new MethodPair(method, basic, null, "no spread on either side");
    }
}
