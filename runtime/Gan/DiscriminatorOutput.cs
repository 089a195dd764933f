using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Gan;

/// <summary>The heads of a GAN discriminator (or WGAN critic) for one batch of images (docs/method.md §9.2).</summary>
/// <param name="Score">The real/fake score, [N]: a logit for the BCE objectives, an unbounded critic value for WGAN.</param>
/// <param name="ClassLogits">The C-way class logits [N, C] (ACGAN, InfoGAN), or null without a class head.</param>
/// <param name="Codes">The predicted continuous codes [N, K] (InfoGAN), or null without a code head.</param>
public sealed record DiscriminatorOutput(Tensor Score, Tensor? ClassLogits = null, Tensor? Codes = null);
