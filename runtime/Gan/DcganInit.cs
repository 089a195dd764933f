using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Gan;

/// <summary>
/// The usual DCGAN initialisation (docs/method.md §9.2): convolution, transposed-convolution and linear weights from
/// N(0, 0.02²), batch-norm scales from N(1, 0.02²), every bias zero. Label embeddings keep TorchSharp's N(0, 1).
/// </summary>
internal static class DcganInit
{
    /// <summary>The standard deviation of the initial weights.</summary>
    public const double Std = 0.02;

    public static void Apply(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            switch (child)
            {
                case Conv2d conv:
                    Normal(conv.weight, 0, conv.bias);
                    break;
                case ConvTranspose2d deconv:
                    Normal(deconv.weight, 0, deconv.bias);
                    break;
                case Linear linear:
                    Normal(linear.weight, 0, linear.bias);
                    break;
                case BatchNorm2d norm:
                    Normal(norm.weight, 1, norm.bias);
                    break;
            }
        }
    }

    private static void Normal(Tensor? weight, double mean, Tensor? bias)
    {
        if (weight is not null)
            nn.init.normal_(weight, mean, Std);
        if (bias is not null)
            nn.init.zeros_(bias);
    }
}
