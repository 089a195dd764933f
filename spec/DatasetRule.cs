namespace IsdaDsl.Spec;

/// <summary>
/// What the spec language knows of one data set: the side of its training images in pixels (a cutout hole cannot be
/// larger) and whether the CIFAR AutoAugment policy applies to it (a policy learned on CIFAR-10's colour images).
/// </summary>
public sealed record DatasetRule(string Name, int ImageSize, bool TakesAutoAugment);
