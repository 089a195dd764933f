namespace IsdaDsl.Runtime.Isda;

/// <summary>
/// Which part of each class-conditional feature covariance Σ_k ISDA estimates and uses.
/// </summary>
public enum CovarianceKind
{
    /// <summary>The full A×A covariance matrix per class (the paper's CIFAR setting).</summary>
    Full,

    /// <summary>
    /// Only the per-feature variances (the diagonal of Σ_k), one A-vector per class; the published code's
    /// ImageNet setting, where C full A×A matrices would not fit in memory.
    /// </summary>
    Diagonal,
}
