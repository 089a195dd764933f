using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Models;

/// <summary>The initialisation of the published CIFAR code: Kaiming-normal (fan-out, ReLU) convolutions, unit BN.</summary>
internal static class WeightInit
{
    public static void KaimingConvolutions(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            switch (child)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    break;
                case BatchNorm2d norm:
                    nn.init.ones_(norm.weight);
                    nn.init.zeros_(norm.bias);
                    break;
            }
        }
    }
}
