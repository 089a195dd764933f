using IsdaDsl.Runtime.Gan;
using IsdaDsl.Runtime.Models;
using TorchSharp.Modules;
using static IsdaDsl.Tests.Gan.DcganGeneratorTests;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Gan;

public class DcganDiscriminatorTests
{
    public enum Variant
    {
        Wgan,
        WganGp,
        CganOneHot,
        CganEmbedding,
        Acgan,
        InfoGan,
    }

    private const int Classes = 10;

    private static DcganDiscriminator Build(Variant variant, InputShape image, int width = 4) => variant switch
    {
        Variant.Wgan => new DcganDiscriminator(image, width),
        Variant.WganGp => new DcganDiscriminator(image, width, batchNorm: false),
        Variant.CganOneHot => new DcganDiscriminator(image, width, numClasses: Classes, inputConditioning: LabelConditioning.OneHot),
        Variant.CganEmbedding => new DcganDiscriminator(image, width, numClasses: Classes, inputConditioning: LabelConditioning.Embedding),
        Variant.Acgan => new DcganDiscriminator(image, width, numClasses: Classes, classHead: true),
        _ => new DcganDiscriminator(image, width, numClasses: Classes, classHead: true, numCodes: 2),
    };

    private static Tensor? LabelsFor(DcganDiscriminator discriminator, int batch, TorchSharp.torch.Generator random) =>
        discriminator.InputConditioning == LabelConditioning.None ? null : randint(0, Classes, [batch], dtype: ScalarType.Int64, generator: random);

    [Theory]
    [InlineData(Variant.Wgan, 1, 28)]
    [InlineData(Variant.Wgan, 3, 32)]
    [InlineData(Variant.WganGp, 1, 28)]
    [InlineData(Variant.CganOneHot, 1, 28)]
    [InlineData(Variant.CganOneHot, 3, 32)]
    [InlineData(Variant.CganEmbedding, 1, 28)]
    [InlineData(Variant.CganEmbedding, 3, 32)]
    [InlineData(Variant.Acgan, 3, 32)]
    [InlineData(Variant.InfoGan, 1, 28)]
    [InlineData(Variant.InfoGan, 3, 32)]
    public void The_heads_have_the_documented_shapes(Variant variant, int channels, int size)
    {
        using var scope = NewDisposeScope();
        using var discriminator = Build(variant, new InputShape(channels, size, size));
        var random = new TorchSharp.torch.Generator(1);
        var images = rand([3, channels, size, size], generator: random).mul(2).sub(1);

        var output = discriminator.Discriminate(images, LabelsFor(discriminator, 3, random));

        Assert.Equal(size == 28 ? 2 * 4 * 7 * 7 : 4 * 4 * 4 * 4, discriminator.FeatureDim);
        Assert.Equal(new long[] { 3 }, output.Score.shape);
        if (variant is Variant.Acgan or Variant.InfoGan)
            Assert.Equal(new long[] { 3, Classes }, output.ClassLogits!.shape);
        else
            Assert.Null(output.ClassLogits);
        if (variant == Variant.InfoGan)
            Assert.Equal(new long[] { 3, 2 }, output.Codes!.shape);
        else
            Assert.Null(output.Codes);
    }

    [Theory]
    [InlineData(1, 28, 1)]
    [InlineData(3, 32, 2)]
    public void The_WGAN_GP_critic_has_no_batch_norm_and_the_others_have_it_after_every_convolution_but_the_first(int channels, int size, int normalised)
    {
        var image = new InputShape(channels, size, size);
        using var critic = Build(Variant.WganGp, image);
        Assert.False(critic.BatchNorm);
        Assert.Empty(critic.modules().OfType<BatchNorm2d>());
        using var discriminator = Build(Variant.Wgan, image);
        Assert.True(discriminator.BatchNorm);
        Assert.Equal(normalised, discriminator.modules().OfType<BatchNorm2d>().Count());
        Assert.Equal(normalised + 1, discriminator.modules().OfType<Conv2d>().Count());
    }

    [Theory]
    [InlineData(Variant.WganGp)]
    [InlineData(Variant.CganEmbedding)]
    [InlineData(Variant.InfoGan)]
    public void A_backward_pass_reaches_every_parameter(Variant variant)
    {
        using var scope = NewDisposeScope();
        using var discriminator = Build(variant, new InputShape(3, 32, 32));
        var random = new TorchSharp.torch.Generator(2);
        var images = rand([6, 3, 32, 32], generator: random).mul(2).sub(1);
        var output = discriminator.Discriminate(images, LabelsFor(discriminator, 6, random));

        var loss = output.Score.mul(randn([6], generator: random)).sum();
        if (output.ClassLogits is not null)
            loss = loss.add(output.ClassLogits.mul(randn(output.ClassLogits.shape, generator: random)).sum());
        if (output.Codes is not null)
            loss = loss.add(output.Codes.mul(randn(output.Codes.shape, generator: random)).sum());
        loss.backward();

        AssertEveryParameterHasAGradient(discriminator);
    }

    [Theory]
    [InlineData(Variant.CganOneHot)]
    [InlineData(Variant.CganEmbedding)]
    public void A_conditioned_input_makes_the_score_depend_on_the_label(Variant variant)
    {
        using var scope = NewDisposeScope();
        using var discriminator = Build(variant, new InputShape(1, 28, 28));
        discriminator.eval();
        var images = rand([2, 1, 28, 28], generator: new TorchSharp.torch.Generator(3));
        using var noGrad = no_grad();
        var first = discriminator.Discriminate(images, tensor(new long[] { 0, 1 })).Score;
        var second = discriminator.Discriminate(images, tensor(new long[] { 5, 9 })).Score;
        Assert.False(first.allclose(second, rtol: 0, atol: 0), "the label has no effect on the score");
    }

    [Fact]
    public void Labels_are_required_exactly_when_the_input_is_conditioned()
    {
        using var scope = NewDisposeScope();
        var image = new InputShape(1, 28, 28);
        using var plain = Build(Variant.Acgan, image);
        using var conditioned = Build(Variant.CganOneHot, image);
        var images = zeros(2, 1, 28, 28);
        var labels = tensor(new long[] { 0, 1 });
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => plain.Discriminate(images, labels)).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => conditioned.Discriminate(images)).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => conditioned.Discriminate(images, tensor(new long[] { 0 }))).ParamName);
        Assert.Equal("images", Assert.Throws<ArgumentException>(() => plain.Discriminate(zeros(2, 3, 28, 28))).ParamName);
    }

    [Theory]
    [InlineData("image")]
    [InlineData("width")]
    [InlineData("numClasses")]
    [InlineData("inputConditioning")]
    [InlineData("numCodes")]
    public void An_invalid_parameter_is_rejected_by_name(string parameter)
    {
        var image = new InputShape(3, 32, 32);
        Action build = parameter switch
        {
            "image" => () => new DcganDiscriminator(new InputShape(1, 28, 32)),
            "width" => () => new DcganDiscriminator(image, width: 0),
            "numClasses" => () => new DcganDiscriminator(image, numClasses: 1, classHead: true),
            "inputConditioning" => () => new DcganDiscriminator(image, numClasses: 10, inputConditioning: (LabelConditioning)9),
            _ => () => new DcganDiscriminator(image, numCodes: -2),
        };
        var error = Assert.Throws<ArgumentException>(build);
        Assert.Equal(parameter, error.ParamName);
        Assert.Matches("≥|allowed|28×28", error.Message);
    }

    [Fact]
    public void A_class_count_without_a_use_for_it_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new DcganDiscriminator(new InputShape(1, 28, 28), numClasses: 10));
        Assert.Equal("numClasses", error.ParamName);
        Assert.Contains("must be 0", error.Message);
    }
}
