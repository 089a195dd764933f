using IsdaDsl.Runtime.Models;
using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Gan;

/// <summary>
/// The image sizes the DCGAN networks support and the spatial stages between the smallest feature map and the image
/// (docs/method.md §9.2): 28×28 grows 7 → 14 → 28, 32×32 grows 4 → 8 → 16 → 32.
/// </summary>
internal static class DcganGeometry
{
    /// <summary>The size of the smallest feature map and the number of stride-2 steps up to the image.</summary>
    public static (int BaseSize, int Doublings) Of(InputShape image, string parameterName)
    {
        if (image.Channels < 1 || image.Height != image.Width || image.Height is not (28 or 32))
        {
            throw new ArgumentException(
                $"The DCGAN networks take square 28×28 or 32×32 images with at least one channel (1x28x28 for Fashion-MNIST, 3x32x32 for CIFAR), got {image}",
                parameterName);
        }

        return image.Height == 28 ? (7, 2) : (4, 3);
    }

    /// <summary>Throws unless <paramref name="value"/> ≥ <paramref name="minimum"/>.</summary>
    public static void AtLeast(int value, int minimum, string what, string parameterName)
    {
        if (value < minimum)
            throw new ArgumentException($"{what} must be ≥ {minimum}, got {value}", parameterName);
    }

    /// <summary>Throws unless <paramref name="labels"/> is int64 [<paramref name="batch"/>] (or absent, when allowed).</summary>
    public static void CheckLabels(Tensor? labels, long batch, bool required, string network, string parameterName)
    {
        if (labels is null)
        {
            if (required)
                throw new ArgumentException($"This {network} is conditioned on the class: pass int64 labels [N]", parameterName);
            return;
        }

        if (!required)
            throw new ArgumentException($"This {network} is not conditioned on the class, but labels were passed", parameterName);
        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != batch)
        {
            throw new ArgumentException(
                $"Expected int64 labels [{batch}], got {labels.dtype} [{string.Join(", ", labels.shape)}]", parameterName);
        }
    }
}
