namespace IsdaDsl.Experiments.Reports;

/// <summary>Mean ± sample standard deviation (n − 1) of the test errors of an experiment's runs.</summary>
internal sealed record ErrorStatistics(int Count, double Mean, double? StandardDeviation)
{
    /// <summary>The statistics of <paramref name="values"/> (at least one); one value has no standard deviation.</summary>
    public static ErrorStatistics Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            throw new ArgumentException("no values", nameof(values));
        var mean = values.Average();
        double? deviation = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : null;
        return new ErrorStatistics(values.Count, mean, deviation);
    }
}
