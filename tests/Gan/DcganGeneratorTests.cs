using IsdaDsl.Runtime.Gan;
using IsdaDsl.Runtime.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Gan;

public class DcganGeneratorTests
{
    [Theory]
    [InlineData(1, 28, LabelConditioning.None, 0, 16)]
    [InlineData(3, 32, LabelConditioning.None, 0, 16)]
    [InlineData(1, 28, LabelConditioning.OneHot, 2, 16 + 10 + 2)]
    [InlineData(3, 32, LabelConditioning.OneHot, 0, 16 + 10)]
    [InlineData(1, 28, LabelConditioning.Embedding, 0, 16 + 10)]
    [InlineData(3, 32, LabelConditioning.Embedding, 2, 16 + 10 + 2)]
    public void Images_have_the_requested_shape_and_lie_in_minus_one_to_one(int channels, int size, LabelConditioning conditioning, int numCodes, int latentDim)
    {
        using var scope = NewDisposeScope();
        var numClasses = conditioning == LabelConditioning.None ? 0 : 10;
        using var generator = new DcganGenerator(new InputShape(channels, size, size), noiseDim: 16, width: 8, numClasses, conditioning, numCodes: numCodes);
        var latent = generator.SampleLatent(3, generator: new TorchSharp.torch.Generator(1));

        var images = generator.Generate(latent.Noise, latent.Labels, latent.Codes);

        Assert.Equal(latentDim, generator.LatentDim);
        Assert.Equal(new long[] { 3, channels, size, size }, images.shape);
        Assert.True(images.abs().max().item<float>() <= 1f, "the output must be in [−1, 1]");
    }

    [Fact]
    public void The_output_is_a_tanh_that_saturates_at_plus_and_minus_one()
    {
        using var scope = NewDisposeScope();
        using var generator = new DcganGenerator(new InputShape(1, 28, 28), noiseDim: 8, width: 4);
        using (no_grad())
        {
            // Large last-layer weights push the pre-activations far from 0: tanh bounds them, it does not clip.
            var last = generator.modules().OfType<ConvTranspose2d>().Last();
            last.weight!.mul_(1e4);
        }

        var images = generator.Generate(randn(4, 8, generator: new TorchSharp.torch.Generator(2)));
        Assert.True(images.abs().max().item<float>() <= 1f);
        Assert.True(images.max().item<float>() > 0.999f && images.min().item<float>() < -0.999f, "tanh should reach ±1 here");
    }

    [Fact]
    public void A_backward_pass_reaches_every_parameter()
    {
        using var scope = NewDisposeScope();
        using var generator = new DcganGenerator(new InputShape(3, 32, 32), noiseDim: 8, width: 4, numClasses: 5, LabelConditioning.Embedding, embeddingDim: 3, numCodes: 2);
        var random = new TorchSharp.torch.Generator(3);
        var latent = generator.SampleLatent(6, generator: random);
        var images = generator.Generate(latent.Noise, latent.Labels, latent.Codes);

        images.mul(randn(images.shape, generator: random)).sum().backward();

        AssertEveryParameterHasAGradient(generator);
    }

    [Fact]
    public void The_label_and_the_codes_change_the_image()
    {
        using var scope = NewDisposeScope();
        using var generator = new DcganGenerator(new InputShape(1, 28, 28), noiseDim: 8, width: 4, numClasses: 3, LabelConditioning.OneHot, numCodes: 2);
        generator.eval();
        var noise = randn(2, 8, generator: new TorchSharp.torch.Generator(4));
        var codes = zeros(2, 2);
        using var noGrad = no_grad();
        var reference = generator.Generate(noise, tensor(new long[] { 0, 1 }), codes);
        Assert.False(reference.allclose(generator.Generate(noise, tensor(new long[] { 2, 2 }), codes)), "the label has no effect");
        Assert.False(reference.allclose(generator.Generate(noise, tensor(new long[] { 0, 1 }), ones(2, 2))), "the codes have no effect");
    }

    [Fact]
    public void It_starts_from_the_DCGAN_initialisation()
    {
        using var generator = new DcganGenerator(new InputShape(3, 32, 32), noiseDim: 100, width: 32);
        var deconvolutions = generator.modules().OfType<ConvTranspose2d>().ToList();
        Assert.Equal(4, deconvolutions.Count);
        var first = deconvolutions[0].weight!;
        Assert.InRange(first.std().item<float>(), 0.019f, 0.021f);
        Assert.InRange(first.mean().item<float>(), -0.001f, 0.001f);
        Assert.True(deconvolutions[^1].bias!.eq(0).all().item<bool>());
        var norms = generator.modules().OfType<BatchNorm2d>().ToList();
        Assert.Equal(3, norms.Count);
        Assert.All(norms, n => Assert.InRange(n.weight!.mean().item<float>(), 0.97f, 1.03f));
        Assert.All(norms, n => Assert.True(n.bias!.eq(0).all().item<bool>()));
    }

    [Theory]
    [InlineData("image")]
    [InlineData("noiseDim")]
    [InlineData("width")]
    [InlineData("numClasses")]
    [InlineData("conditioning")]
    [InlineData("embeddingDim")]
    [InlineData("numCodes")]
    public void An_invalid_parameter_is_rejected_by_name(string parameter)
    {
        var image = new InputShape(1, 28, 28);
        Action build = parameter switch
        {
            "image" => () => new DcganGenerator(new InputShape(3, 64, 64)),
            "noiseDim" => () => new DcganGenerator(image, noiseDim: 0),
            "width" => () => new DcganGenerator(image, width: 0),
            "numClasses" => () => new DcganGenerator(image, numClasses: 10),
            "conditioning" => () => new DcganGenerator(image, numClasses: 10, conditioning: (LabelConditioning)7),
            "embeddingDim" => () => new DcganGenerator(image, numClasses: 10, conditioning: LabelConditioning.OneHot, embeddingDim: 4),
            _ => () => new DcganGenerator(image, numCodes: -1),
        };
        var error = Assert.Throws<ArgumentException>(build);
        Assert.Equal(parameter, error.ParamName);
        Assert.Matches("≥|must|allowed|only|28×28", error.Message);
    }

    [Fact]
    public void Missing_or_superfluous_inputs_are_rejected_by_name()
    {
        using var scope = NewDisposeScope();
        using var conditional = new DcganGenerator(new InputShape(1, 28, 28), noiseDim: 4, width: 2, numClasses: 3, LabelConditioning.OneHot, numCodes: 2);
        using var plain = new DcganGenerator(new InputShape(1, 28, 28), noiseDim: 4, width: 2);
        var labels = tensor(new long[] { 0, 1 });
        Assert.Equal("noise", Assert.Throws<ArgumentException>(() => plain.Generate(zeros(2, 5))).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => plain.Generate(zeros(2, 4), labels)).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => conditional.Generate(zeros(2, 4), null, zeros(2, 2))).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => conditional.Generate(zeros(2, 4), labels.to(ScalarType.Int32), zeros(2, 2))).ParamName);
        Assert.Equal("codes", Assert.Throws<ArgumentException>(() => conditional.Generate(zeros(2, 4), labels)).ParamName);
        Assert.Equal("codes", Assert.Throws<ArgumentException>(() => plain.Generate(zeros(2, 4), null, zeros(2, 2))).ParamName);
    }

    internal static void AssertEveryParameterHasAGradient(nn.Module network)
    {
        var parameters = network.named_parameters().ToList();
        Assert.NotEmpty(parameters);
        foreach (var (name, parameter) in parameters)
        {
            Assert.True(parameter.grad is not null, $"{name} got no gradient");
            Assert.True(parameter.grad.abs().max().item<float>() > 0, $"{name}'s gradient is zero");
        }
    }
}
