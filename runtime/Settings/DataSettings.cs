namespace IsdaDsl.Runtime.Settings;

/// <summary>Which data set, where it lives and how training images are augmented.</summary>
public sealed record DataSettings(string Name, string? Root = null, string Augmentation = "standard", int CutoutSize = 0);
