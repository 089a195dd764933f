using IsdaDsl.Runtime.Execution;
using TorchSharp;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Execution;

public class DeviceSelectorTests
{
    [Fact]
    public void Cpu_is_always_available_and_auto_picks_cuda_only_when_present()
    {
        Assert.Equal(DeviceType.CPU, DeviceSelector.Resolve("cpu").type);
        Assert.Equal(cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, DeviceSelector.Resolve(null).type);
        Assert.Equal(DeviceSelector.Resolve(null).type, DeviceSelector.Resolve("auto").type);
    }

    [Fact]
    public void Unknown_devices_list_the_allowed_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => DeviceSelector.Resolve("tpu"));
        Assert.Contains("allowed: auto, cpu, cuda", error.Message);
    }

    [Fact]
    public void Asking_for_cuda_without_it_says_why()
    {
        if (cuda.is_available())
            return; // a CUDA machine resolves it; the message only exists where CUDA is missing
        var error = Assert.Throws<ArgumentException>(() => DeviceSelector.Resolve("cuda"));
        Assert.Contains("CUDA is not available", error.Message);
    }
}
