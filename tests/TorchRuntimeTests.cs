using IsdaDsl.Runtime.Execution;
using IsdaDsl.Runtime.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Tests;

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
    public void ModelToChannelsLastComputesTheSameLossAndGradients()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var reference = new CifarResNet(depth: 8, numClasses: 10, inChannels: 3);
        manual_seed(1);
        using var relaid = new CifarResNet(depth: 8, numClasses: 10, inChannels: 3);
        TorchRuntime.ToChannelsLast(relaid);

        Assert.Equal(reference.parameters().Count(), relaid.parameters().Count());
        foreach (var (_, module) in relaid.named_modules())
        {
            if (module is Conv2d conv)
                Assert.Equal(1, conv.weight!.stride(1));
        }

        var x = randn(4, 3, 32, 32);
        var target = tensor(new long[] { 0, 1, 2, 3 });
        var lossA = nn.functional.cross_entropy(reference.forward(x), target);
        var lossB = nn.functional.cross_entropy(relaid.forward(x), target);
        Assert.Equal(lossA.item<float>(), lossB.item<float>(), 1e-4f);
        lossA.backward();
        lossB.backward();
        foreach (var (a, b) in reference.parameters().Zip(relaid.parameters()))
            Assert.True(allclose(a.grad!, b.grad!, rtol: 1e-3, atol: 1e-4));
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
