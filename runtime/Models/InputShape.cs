namespace IsdaDsl.Runtime.Models;

/// <summary>Shape of one input image: channels × height × width.</summary>
public readonly record struct InputShape(int Channels, int Height, int Width)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
