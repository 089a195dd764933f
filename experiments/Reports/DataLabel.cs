using System.Globalization;
using IsdaDsl.Spec;

namespace IsdaDsl.Experiments.Reports;

/// <summary>How reports and figures name a run's data: the data set, and the share of its training set when not all of it.</summary>
internal static class DataLabel
{
    /// <summary>"fashion-mnist", or "fashion-mnist (10 % of the training set)".</summary>
    public static string Of(DataSpec data) =>
        data.TrainFraction == 1 ? data.Name : $"{data.Name} ({(data.TrainFraction * 100).ToString("0.##", CultureInfo.InvariantCulture)} % of the training set)";
}
