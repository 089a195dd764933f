using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Tests.Training;

public class MetricsLogTests
{
    private static EpochMetrics Row(int epoch) => new(epoch, 1.0 / epoch, 0.5, 0.7, 0.25, 0.1, 0.05 * epoch, 100, 2.5);

    [Fact]
    public void Rows_are_written_as_json_lines_and_csv_and_read_back()
    {
        using var temp = new TemporaryDirectory();
        var log = new MetricsLog(temp.Path, completedEpochs: 0);
        log.Append(Row(1));
        log.Append(Row(2));
        Assert.Equal([Row(1), Row(2)], MetricsLog.Read(temp.Combine(MetricsLog.JsonLinesFile)));
        var csv = File.ReadAllLines(temp.Combine(MetricsLog.CsvFile));
        Assert.Equal("epoch,train_loss,train_accuracy,test_loss,test_error,lr,lambda,images_per_second,seconds", csv[0]);
        Assert.Equal("2,0.5,0.5,0.7,0.25,0.1,0.1,100,2.5", csv[2]);
    }

    [Fact]
    public void Reopening_for_a_resume_drops_rows_past_the_checkpoint()
    {
        using var temp = new TemporaryDirectory();
        var log = new MetricsLog(temp.Path, completedEpochs: 0);
        foreach (var epoch in new[] { 1, 2, 3 })
            log.Append(Row(epoch));

        var resumed = new MetricsLog(temp.Path, completedEpochs: 2);

        Assert.Equal([Row(1), Row(2)], resumed.Rows);
        Assert.Equal([Row(1), Row(2)], MetricsLog.Read(temp.Combine(MetricsLog.JsonLinesFile)));
        Assert.Equal(3, File.ReadAllLines(temp.Combine(MetricsLog.CsvFile)).Length);
    }

    [Fact]
    public void A_damaged_log_names_the_file_and_line()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.Combine(MetricsLog.JsonLinesFile);
        File.WriteAllLines(path, ["{\"epoch\":1}", "{not json"]);
        var error = Assert.Throws<InvalidDataException>(() => MetricsLog.Read(path));
        Assert.Contains($"{path}:2", error.Message);
    }
}
