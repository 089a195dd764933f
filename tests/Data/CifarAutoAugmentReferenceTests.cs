using IsdaDsl.Runtime.Data;
using static TorchSharp.torch;
using Op = IsdaDsl.Runtime.Data.AutoAugmentOperation;

namespace IsdaDsl.Tests.Data;

/// <summary>
/// The byte implementation of AutoAugment against the tensor implementation it replaced
/// (<see cref="TensorAutoAugmentReference"/>): every operation, magnitude and sign, and the whole policy, must give
/// the same bytes.
/// </summary>
public class CifarAutoAugmentReferenceTests
{
    /// <summary>
    /// Images of several kinds, because uniform noise alone would leave autocontrast and equalize trivial: noise,
    /// noise squeezed into a narrow band, smooth gradients with a little noise, a few grey levels, a nearly flat image,
    /// and one with a flat channel.
    /// </summary>
    private static byte[] Picture(Random random, int height, int width, int kind)
    {
        var planeLength = height * width;
        var bytes = new byte[3 * planeLength];
        random.NextBytes(bytes);
        var (low, high) = (random.Next(0, 200), random.Next(0, 56));
        var levels = Enumerable.Range(0, random.Next(2, 6)).Select(_ => (byte)random.Next(256)).ToArray();
        for (var i = 0; i < bytes.Length; i++)
        {
            var (c, y, x) = (i / planeLength, i % planeLength / width, i % width);
            bytes[i] = kind switch
            {
                0 => bytes[i],
                1 => (byte)(low + bytes[i] % (high + 1)),
                2 => (byte)Math.Clamp(40 * c + 180 * y / height + 60 * x / width + bytes[i] % 9 - 4, 0, 255),
                3 => levels[bytes[i] % levels.Length],
                4 => (byte)(bytes[i] < 3 ? bytes[i] : 97),
                _ => c == 1 ? (byte)low : bytes[i],
            };
        }
        return bytes;
    }

    /// <summary>48 CIFAR-sized images, 8 non-square ones (28×36 and 36×28) and the smallest shapes the operations special-case.</summary>
    private static IEnumerable<(byte[] Image, int Height, int Width)> Pictures()
    {
        var random = new Random(2024);
        for (var n = 0; n < 48; n++)
        {
            yield return (Picture(random, 32, 32, n % 6), 32, 32);
        }
        for (var n = 0; n < 8; n++)
        {
            var (height, width) = n % 2 == 0 ? (28, 36) : (36, 28);
            yield return (Picture(random, height, width, n % 6), height, width);
        }
        foreach (var (height, width) in new[] { (1, 1), (2, 5), (3, 3), (5, 2), (7, 4) })
        {
            yield return (Picture(random, height, width, 0), height, width);
        }
    }

    private static byte[] Reference(byte[] image, int height, int width, Func<Tensor, Tensor> transform)
    {
        using var scope = NewDisposeScope();
        var result = transform(tensor(image.ToArray(), [3, height, width], ScalarType.Byte)).contiguous();
        Assert.Equal(new long[] { 3, height, width }, result.shape);
        return result.data<byte>().ToArray();
    }

    // By name: the operation type is internal to the runtime.
    public static TheoryData<string> Operations() => [.. Enum.GetNames<Op>()];

    [Theory]
    [MemberData(nameof(Operations))]
    public void Every_magnitude_and_sign_gives_the_bytes_of_the_tensor_implementation(string name)
    {
        var operation = Enum.Parse<Op>(name);
        var compared = 0;
        var changed = 0;
        foreach (var (image, height, width) in Pictures())
        {
            var scratch = new byte[image.Length];
            for (var magnitude = 0; magnitude <= 9; magnitude++)
            {
                foreach (var negative in new[] { false, true })
                {
                    var expected = Reference(image, height, width, t => TensorAutoAugmentReference.Apply(t, operation, magnitude, negative));
                    var actual = image.ToArray();
                    CifarAutoAugment.Apply(actual, height, width, operation, magnitude, negative, scratch);
                    if (!expected.AsSpan().SequenceEqual(actual))
                    {
                        var first = Enumerable.Range(0, actual.Length).First(i => expected[i] != actual[i]);
                        Assert.Fail($"{operation} magnitude {magnitude}{(negative ? " negative" : "")} on {height}×{width}: byte {first} is {actual[first]}, the tensor implementation gives {expected[first]}");
                    }
                    compared++;
                    changed += expected.AsSpan().SequenceEqual(image) ? 0 : 1;
                }
            }
        }
        Assert.Equal(61 * 20, compared);
        // The images exercise the operation: it changes most of them (70–100 % of the comparisons, by operation).
        Assert.True(changed > compared / 2, $"{operation} changed only {changed} of {compared} images");
    }

    [Fact]
    public void The_whole_policy_gives_the_bytes_and_draws_of_the_tensor_implementation()
    {
        var applied = 0;
        foreach (var (image, height, width) in Pictures().Where(p => p.Height > 3))
        {
            var scratch = new byte[image.Length];
            for (var seed = 0; seed < 40; seed++)
            {
                var (referenceRandom, random) = (new Random(seed), new Random(seed));
                var expected = Reference(image, height, width, t => TensorAutoAugmentReference.ApplyCifarPolicy(t, referenceRandom));
                var actual = image.ToArray();
                CifarAutoAugment.ApplyCifarPolicy(actual, height, width, random, scratch);
                Assert.Equal(expected, actual);
                // The same number of draws: the generators are in the same state afterwards.
                Assert.Equal(referenceRandom.Next(), random.Next());
                applied += expected.AsSpan().SequenceEqual(image) ? 0 : 1;
            }
        }
        Assert.InRange(applied, 1000, 58 * 40);
    }
}
