namespace IsdaDsl.Runtime.Data;

/// <summary>How pixels beyond the border are filled before a random crop.</summary>
public enum PaddingMode
{
    /// <summary>Black (pixel value 0), as torchvision's <c>RandomCrop(padding=…)</c>.</summary>
    Zero,

    /// <summary>Mirror without repeating the edge pixel, as <c>F.pad(…, mode='reflect')</c> in the published CIFAR script.</summary>
    Reflect,
}
