using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Execution;

/// <summary>Chooses where tensors live: CUDA when it is available, the CPU otherwise, unless the user says which.</summary>
public static class DeviceSelector
{
    /// <summary>The allowed values of a device request.</summary>
    public static readonly IReadOnlyList<string> Choices = ["auto", "cpu", "cuda"];

    /// <summary>Resolves "auto" (or null), "cpu" or "cuda"; asking for CUDA without it is an error that says why.</summary>
    public static Device Resolve(string? requested)
    {
        switch (requested?.Trim().ToLowerInvariant())
        {
            case null or "" or "auto":
                return cuda.is_available() ? CUDA : CPU;
            case "cpu":
                return CPU;
            case "cuda":
                if (!cuda.is_available())
                    throw new ArgumentException("--device cuda: CUDA is not available (this build uses the CPU libtorch package unless built with -p:TorchBackend=cuda, and it needs an NVIDIA GPU and driver)");
                return CUDA;
            default:
                throw new ArgumentException($"unknown device '{requested}'; allowed: {string.Join(", ", Choices)}");
        }
    }
}
