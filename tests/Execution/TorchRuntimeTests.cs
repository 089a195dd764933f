using IsdaDsl.Runtime.Execution;
using IsdaDsl.Runtime.Models;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Execution;

public class TorchRuntimeTests
{
    [Fact]
    public void TensorToChannelsLastKeepsShapeAndValuesWithNhwcStrides()
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 3, 4, 5);
        var y = TorchRuntime.ToChannelsLast(x);
        Assert.Equal(x.shape, y.shape);
        Assert.Equal(new long[] { 60, 1, 15, 3 }, y.stride());
        Assert.True(allclose(x, y, rtol: 0, atol: 0));
    }

    [Fact]
    public void ChannelsLastInputGivesTheSameLossAndContiguousGradients()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var network = new CifarResNet(depth: 8, numClasses: 10, inChannels: 3);
        var x = randn(4, 3, 32, 32);
        var target = tensor(new long[] { 0, 1, 2, 3 });

        var lossNchw = nn.functional.cross_entropy(network.forward(x), target);
        lossNchw.backward();
        var gradients = network.parameters().Select(p => p.grad!.clone()).ToList();
        network.zero_grad();
        var lossChannelsLast = nn.functional.cross_entropy(network.forward(TorchRuntime.ToChannelsLast(x)), target);
        lossChannelsLast.backward();

        Assert.Equal(lossNchw.item<float>(), lossChannelsLast.item<float>(), 1e-4f);
        foreach (var (expected, parameter) in gradients.Zip(network.parameters()))
        {
            Assert.True(allclose(expected, parameter.grad!, rtol: 1e-3, atol: 1e-4));
            // Gradients follow the (NCHW) weights, so optimiser state and checkpoints stay contiguous.
            Assert.True(parameter.grad!.is_contiguous());
        }
    }

    [Fact]
    public void OneThreadOnlyOnSmallMachinesWithSpinningOpenMp()
    {
        Assert.Equal(1, TorchRuntime.DefaultThreads(1, passiveWait: false));
        Assert.Equal(1, TorchRuntime.DefaultThreads(2, passiveWait: false));
        Assert.Null(TorchRuntime.DefaultThreads(2, passiveWait: true));
        Assert.Null(TorchRuntime.DefaultThreads(16, passiveWait: false));
    }
}
