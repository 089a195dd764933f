namespace IsdaDsl.Runtime.Data;

/// <summary>A training set and its test set; disposing the split frees both.</summary>
/// <param name="Train">The training images.</param>
/// <param name="Test">The held-out test images.</param>
public sealed record DataSplit(ImageSource Train, ImageSource Test) : IDisposable
{
    /// <summary>Frees both data sets.</summary>
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
