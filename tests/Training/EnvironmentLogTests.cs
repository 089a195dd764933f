using IsdaDsl.Runtime.Execution;
using IsdaDsl.Runtime.Training;

namespace IsdaDsl.Tests.Training;

public sealed class EnvironmentLogTests : IDisposable
{
    private static readonly RunEnvironment Here = new("IsdaDsl.Runtime 1.0.0+abc", "TorchSharp 0.107.0", "EPYC, 2 logical processors", 1, "cpu", "channels-last", "all");

    private readonly TemporaryDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_run_resumed_where_it_started_is_not_warned_about_and_each_start_is_a_line()
    {
        Assert.Null(EnvironmentLog.Record(temp.Path, 0, resumed: false, Here));
        Assert.Null(EnvironmentLog.Record(temp.Path, 3, resumed: true, Here));

        Assert.Equal([(0, false, Here), (3, true, Here)], EnvironmentLog.Read(temp.Path).Select(e => (e.Epoch, e.Resumed, e.Environment)));
        Assert.Equal(2, File.ReadAllLines(temp.Combine(EnvironmentLog.FileName)).Length);
    }

    [Fact]
    public void A_resume_in_another_environment_names_each_change_against_the_start()
    {
        EnvironmentLog.Record(temp.Path, 0, resumed: false, Here);
        EnvironmentLog.Record(temp.Path, 2, resumed: true, Here with { Threads = 2 });

        var warning = EnvironmentLog.Record(temp.Path, 4, resumed: true, Here with { Threads = 2, OneDnn = "SSE41" });

        Assert.NotNull(warning);
        Assert.Contains("resumed at epoch 5", warning);
        Assert.Contains("(threads: 1 → 2; onednn: all → SSE41)", warning);
    }

    [Fact]
    public void A_run_started_again_from_the_beginning_is_compared_with_that_start()
    {
        EnvironmentLog.Record(temp.Path, 0, resumed: false, Here);
        EnvironmentLog.Record(temp.Path, 0, resumed: false, Here with { Layout = "nchw" });

        Assert.Null(EnvironmentLog.Record(temp.Path, 1, resumed: true, Here with { Layout = "nchw" }));
        Assert.NotNull(EnvironmentLog.Record(temp.Path, 2, resumed: true, Here));
    }

    [Fact]
    public void A_line_cut_short_by_a_crash_costs_only_itself()
    {
        EnvironmentLog.Record(temp.Path, 0, resumed: false, Here);
        File.AppendAllText(temp.Combine(EnvironmentLog.FileName), "{\"epoch\":1,\"resu");

        Assert.Null(EnvironmentLog.Record(temp.Path, 1, resumed: true, Here));

        Assert.Equal([0, 1], EnvironmentLog.Read(temp.Path).Select(e => e.Epoch));
        Assert.Equal(3, File.ReadAllLines(temp.Combine(EnvironmentLog.FileName)).Length);
    }

    [Fact]
    public void Changes_are_listed_in_the_order_of_the_record_and_only_where_values_differ()
    {
        var later = Here with { Program = "IsdaDsl.Runtime 1.0.0+def", OneDnn = "off" };

        Assert.Equal(["program: IsdaDsl.Runtime 1.0.0+abc → IsdaDsl.Runtime 1.0.0+def", "onednn: all → off"], Here.ChangesTo(later));
        Assert.Empty(Here.ChangesTo(Here with { }));
    }

    [Fact]
    public void A_run_folder_without_a_log_has_no_starts()
    {
        Assert.Empty(EnvironmentLog.Read(temp.Path));
    }
}
