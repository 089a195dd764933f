using IsdaDsl.Runtime.Execution;

namespace IsdaDsl.Tests.Execution;

public class NativeHeapTests
{
    [Fact]
    public void Both_thresholds_are_set_when_the_environment_names_neither()
    {
        var settings = NativeHeap.Settings(_ => null);

        Assert.Equal(
            [(NativeHeap.MmapThresholdVariable, NativeHeap.MmapThresholdBytes), (NativeHeap.TrimThresholdVariable, NativeHeap.TrimThresholdBytes)],
            settings.Select(s => (s.Variable, s.Value)));
        Assert.Equal(2, settings.Select(s => s.Parameter).Distinct().Count());
    }

    [Theory]
    [InlineData(NativeHeap.MmapThresholdVariable, NativeHeap.TrimThresholdVariable)]
    [InlineData(NativeHeap.TrimThresholdVariable, NativeHeap.MmapThresholdVariable)]
    public void A_threshold_the_user_gave_glibc_is_left_as_given(string given, string stillSet)
    {
        var settings = NativeHeap.Settings(name => name == given ? "4194304" : "");

        Assert.Equal([stillSet], settings.Select(s => s.Variable));
    }

    [Fact]
    public void Glibc_accepts_both_settings_on_linux()
    {
        // mallopt answers 0 for a value it refuses, such as an mmap threshold above 32 MiB on a 64-bit system.
        Assert.Equal(OperatingSystem.IsLinux(), NativeHeap.Configure());
    }
}
