namespace IsdaDsl.Runtime.Reconstruction;

/// <summary>The two descents of the Appendix C reconstruction; the values are the paper's step numbers.</summary>
public enum ReconstructionStep
{
    /// <summary>Step I: the latent whose image has a real image's features (and pixels).</summary>
    LatentSearch = 1,

    /// <summary>Step II: from Step I's latent, a latent whose image has the shifted features ã = a + δ.</summary>
    Augmentation = 2,
}
