using IsdaDsl.Runtime.Gan;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Gan;

public class GanLatentTests
{
    [Fact]
    public void Sampled_latents_have_the_requested_shapes_classes_and_codes_in_minus_one_to_one()
    {
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(37);
        var latent = GanLatent.Sample(2000, noiseDim: 16, numClasses: 10, numCodes: 2, generator: generator);
        Assert.Equal(new long[] { 2000, 16 }, latent.Noise.shape);
        Assert.Equal(new long[] { 2000 }, latent.Labels!.shape);
        Assert.Equal(new long[] { 2000, 2 }, latent.Codes!.shape);
        Assert.Equal(ScalarType.Int64, latent.Labels.dtype);
        Assert.Equal(0, latent.Labels.min().item<long>());
        Assert.Equal(9, latent.Labels.max().item<long>());
        Assert.InRange(latent.Codes.min().item<float>(), -1f, -0.99f);
        Assert.InRange(latent.Codes.max().item<float>(), 0.99f, 1f);
        Assert.InRange(latent.Noise.std().item<float>(), 0.95f, 1.05f);

        var plain = GanLatent.Sample(3, noiseDim: 5, numClasses: 0, numCodes: 0, generator: generator);
        Assert.Null(plain.Labels);
        Assert.Null(plain.Codes);
        Assert.Equal("numClasses", Assert.Throws<ArgumentException>(() => GanLatent.Sample(3, 5, 1, 0)).ParamName);
    }
}
