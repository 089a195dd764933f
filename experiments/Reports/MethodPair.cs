namespace IsdaDsl.Experiments.Reports;

/// <summary>
/// An ISDA experiment and a Basic one whose specs differ only in the method (<see cref="MethodPairs"/>), with
/// Welch's test of ISDA's test error against Basic's in percentage points, or why there is none.
/// </summary>
internal sealed record MethodPair(ReportRow Isda, ReportRow Basic, WelchTest? Test, string? Untested)
{
    /// <summary>ISDA's mean test error minus Basic's, in percentage points; null when the two report different measures.</summary>
    public double? DifferencePercent => Isda.Measure == Basic.Measure ? Isda.ErrorPercent.Mean - Basic.ErrorPercent.Mean : null;

    /// <summary>The pair with its test, or the reason it has none.</summary>
    public static MethodPair Of(ReportRow isda, ReportRow basic)
    {
        // Comparing, say, ISDA's final-epoch error with Basic's mean of the last 10 epochs would test nothing.
        if (isda.Measure != basic.Measure)
            return new MethodPair(isda, basic, null, $"measures differ ({isda.Measure} against {basic.Measure})");
        if (isda.ErrorPercent.Count < 2 || basic.ErrorPercent.Count < 2)
            return new MethodPair(isda, basic, null, "needs 2 runs on each side");
        return WelchTest.Of(isda.ErrorPercent, basic.ErrorPercent) is { } test
            ? new MethodPair(isda, basic, test, null)
            : new MethodPair(isda, basic, null, "no spread on either side");
    }
}
