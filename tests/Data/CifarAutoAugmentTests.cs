using IsdaDsl.Runtime.Data;
using Op = IsdaDsl.Runtime.Data.AutoAugmentOperation;

namespace IsdaDsl.Tests.Data;

public class CifarAutoAugmentTests
{
    /// <summary>A uint8 [3, H, W] image, planar bytes, whose channel c, row y, column x is pixel(c, y, x).</summary>
    private sealed record Picture(byte[] Bytes, int Height, int Width);

    private static Picture Image(int height, int width, Func<int, int, int, int> pixel)
    {
        var bytes = new byte[3 * height * width];
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                    bytes[(c * height + y) * width + x] = (byte)pixel(c, y, x);
        return new Picture(bytes, height, width);
    }

    /// <summary>The same grey level in every channel.</summary>
    private static Picture Grey(int height, int width, Func<int, int, int> pixel) => Image(height, width, (_, y, x) => pixel(y, x));

    /// <summary>The operation applied to a copy of the image.</summary>
    private static byte[] Apply(Picture image, Op operation, int magnitude, bool negative = false)
    {
        var result = image.Bytes.ToArray();
        CifarAutoAugment.Apply(result, image.Height, image.Width, operation, magnitude, negative, new byte[result.Length]);
        return result;
    }

    private static byte At(byte[] image, int height, int width, int c, int y, int x) => image[(c * height + y) * width + x];

    [Fact]
    public void The_cifar_policy_has_25_sub_policies_of_valid_steps()
    {
        var policy = CifarAutoAugment.CifarPolicy;
        Assert.Equal(25, policy.Count);
        foreach (var sub in policy)
        {
            foreach (var step in new[] { sub.First, sub.Second })
            {
                Assert.InRange(step.Probability, 0.0, 1.0);
                Assert.InRange(step.Magnitude, 0, 9);
                Assert.True(Enum.IsDefined(step.Operation));
            }
        }
        // Spot checks against the paper's table: first, second and last sub-policies, and the (Equalize, Equalize) one.
        Assert.Equal(new AutoAugmentSubPolicy(new(Op.Invert, 0.1, 7), new(Op.Contrast, 0.2, 6)), policy[0]);
        Assert.Equal(new AutoAugmentSubPolicy(new(Op.Rotate, 0.7, 2), new(Op.TranslateX, 0.3, 9)), policy[1]);
        Assert.Equal(new AutoAugmentSubPolicy(new(Op.Equalize, 0.2, 8), new(Op.Equalize, 0.6, 4)), policy[16]);
        Assert.Equal(new AutoAugmentSubPolicy(new(Op.TranslateY, 0.7, 9), new(Op.AutoContrast, 0.9, 1)), policy[24]);
        // Every operation appears except ShearX, which belongs to the search space (the ImageNet and SVHN policies use it).
        Assert.Equal(Enum.GetValues<Op>().Where(o => o != Op.ShearX).Order(), policy.SelectMany(s => new[] { s.First.Operation, s.Second.Operation }).Distinct().Order());
    }

    [Fact]
    public void Magnitudes_map_to_the_reference_ranges()
    {
        Assert.Equal(new[] { 8.0, 8, 7, 7, 6, 6, 5, 5, 4, 4 }, Enumerable.Range(0, 10).Select(m => CifarAutoAugment.Parameter(Op.Posterize, m)));
        Assert.Equal(256, CifarAutoAugment.Parameter(Op.Solarize, 0));
        Assert.Equal(0, CifarAutoAugment.Parameter(Op.Solarize, 9));
        Assert.Equal(30, CifarAutoAugment.Parameter(Op.Rotate, 9), 12);
        Assert.Equal(0.3, CifarAutoAugment.Parameter(Op.ShearY, 9), 12);
        Assert.Equal(150.0 / 331, CifarAutoAugment.Parameter(Op.TranslateX, 9), 12);
        Assert.Equal(0.5, CifarAutoAugment.Parameter(Op.Brightness, 5), 12);
        Assert.Equal(0, CifarAutoAugment.Parameter(Op.Color, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => CifarAutoAugment.Parameter(Op.Color, 10));
    }

    [Fact]
    public void Invert_maps_v_to_255_minus_v()
    {
        var image = Image(2, 3, (c, y, x) => 40 * c + 10 * y + x);
        var result = Apply(image, Op.Invert, 7);
        Assert.Equal(255 - (40 * 2 + 10 * 1 + 2), At(result, 2, 3, 2, 1, 2));
        Assert.Equal(255, At(result, 2, 3, 0, 0, 0));
    }

    [Fact]
    public void Solarize_inverts_the_pixels_at_or_above_the_threshold()
    {
        // Magnitude 4: threshold 256 − 256·4/9 = 142.2.
        var image = Grey(1, 4, (_, x) => new[] { 0, 142, 143, 255 }[x]);
        Assert.Equal(new byte[] { 0, 142, 112, 0 }, Apply(image, Op.Solarize, 4)[..4]);
        // Magnitude 0: threshold 256, nothing changes; magnitude 9: threshold 0, everything is inverted.
        Assert.Equal(new byte[] { 0, 142, 143, 255 }, Apply(image, Op.Solarize, 0)[..4]);
        Assert.Equal(new byte[] { 255, 113, 112, 0 }, Apply(image, Op.Solarize, 9)[..4]);
    }

    [Fact]
    public void Posterize_keeps_the_high_bits()
    {
        var image = Grey(1, 3, (_, x) => new[] { 255, 0b1010_1111, 7 }[x]);
        // Magnitude 6: 5 bits (mask 1111_1000); magnitude 9: 4 bits; magnitude 0: all 8.
        Assert.Equal(new byte[] { 0b1111_1000, 0b1010_1000, 0 }, Apply(image, Op.Posterize, 6)[..3]);
        Assert.Equal(new byte[] { 0b1111_0000, 0b1010_0000, 0 }, Apply(image, Op.Posterize, 9)[..3]);
        Assert.Equal(new byte[] { 255, 0b1010_1111, 7 }, Apply(image, Op.Posterize, 0)[..3]);
    }

    [Fact]
    public void Brightness_scales_by_its_factor_and_clips()
    {
        var image = Grey(1, 3, (_, x) => new[] { 101, 200, 7 }[x]);
        // Magnitude 5: factor 1 ∓ 0.5, truncated as PIL's blend with black.
        Assert.Equal(new byte[] { 50, 100, 3 }, Apply(image, Op.Brightness, 5, negative: true)[..3]);
        Assert.Equal(new byte[] { 151, 255, 10 }, Apply(image, Op.Brightness, 5)[..3]);
    }

    [Fact]
    public void Contrast_blends_with_the_mean_grey()
    {
        // Grey pixels 0, 100, 200, 100: mean luminance 100; magnitude 5 → factor 1.5.
        var image = Grey(2, 2, (y, x) => new[] { 0, 100, 200, 100 }[2 * y + x]);
        var result = Apply(image, Op.Contrast, 5);
        Assert.Equal(new byte[] { 0, 100, 250, 100 }, result[..4]);
        Assert.Equal(result[..4], result[8..12]);
        // Factor 0.5 pulls every pixel halfway to 100.
        Assert.Equal(new byte[] { 50, 100, 150, 100 }, Apply(image, Op.Contrast, 5, negative: true)[..4]);
    }

    [Fact]
    public void Color_blends_with_the_luminance()
    {
        // One orange pixel (200, 100, 0): PIL's L = (19595·200 + 38470·100 + 2¹⁵) >> 16 = 7798768 >> 16 = 118.
        // Magnitude 9 → factor 0.1: 118 + 0.1·82 = 126.2, 118 − 0.1·18 = 116.2, 118 − 0.1·118 = 106.2, truncated.
        var image = Image(1, 1, (c, _, _) => new[] { 200, 100, 0 }[c]);
        Assert.Equal(new byte[] { 126, 116, 106 }, Apply(image, Op.Color, 9, negative: true));
        // Factor 1.9: 118 + 1.9·82 = 273.8 → 255; 118 − 1.9·18 = 83.8 → 83; 118 − 1.9·118 < 0 → 0.
        Assert.Equal(new byte[] { 255, 83, 0 }, Apply(image, Op.Color, 9));
        // A grey image has no colour to change.
        var grey = Grey(2, 2, (y, x) => 60 * y + 30 * x);
        Assert.Equal(grey.Bytes, Apply(grey, Op.Color, 9));
    }

    [Fact]
    public void Sharpness_blends_with_the_smoothed_interior()
    {
        // A 3×3 image with a bright centre: PIL's SMOOTH kernel gives the centre 5·90/13 = 34.6 → 35; the border is kept.
        var image = Grey(3, 3, (y, x) => y == 1 && x == 1 ? 90 : 0);
        var sharper = Apply(image, Op.Sharpness, 9);
        // Factor 1.9: 35 + 1.9·(90 − 35) = 139.5 → 139.
        Assert.Equal(new byte[] { 0, 0, 0, 0, 139, 0, 0, 0, 0 }, sharper[..9]);
        // Factor 0.1: 35 + 0.1·55 = 40.5 → 40.
        Assert.Equal(40, Apply(image, Op.Sharpness, 9, negative: true)[4]);
    }

    [Fact]
    public void AutoContrast_stretches_each_channel_to_0_255()
    {
        // 50..160 in steps of 10: scale 255/110, truncated.
        var image = Grey(3, 4, (y, x) => 50 + 10 * (4 * y + x));
        var result = Apply(image, Op.AutoContrast, 8);
        Assert.Equal(new byte[] { 0, 23, 46, 69, 92, 115, 139, 162, 185, 208, 231, 255 }, result[..12]);
        // A flat channel is left alone.
        var flat = Grey(2, 2, (_, _) => 77);
        Assert.Equal(Enumerable.Repeat((byte)77, 12), Apply(flat, Op.AutoContrast, 0));
    }

    [Fact]
    public void Equalize_spreads_the_histogram_as_PIL_does()
    {
        // 32×32 grey image, a quarter each of 0, 50, 100, 200: step = (1024 − 256) // 255 = 3,
        // lut[v] = (step // 2 + pixels below v) // step → 0, 257 // 3 = 85, 513 // 3 = 171, 769 // 3 = 256 → 255.
        var image = Grey(32, 32, (y, _) => new[] { 0, 50, 100, 200 }[y / 8]);
        var result = Apply(image, Op.Equalize, 2);
        Assert.Equal(new byte[] { 0, 85, 171, 255 }, new[] { 0, 8, 16, 24 }.Select(y => At(result, 32, 32, 1, y, 5)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TranslateX_shifts_by_whole_pixels_and_fills_grey(bool negative)
    {
        // Magnitude 2 on a 32-pixel side: 150/331 · 2/9 · 32 = 3.22 → 3 pixels (PIL's nearest sampling).
        var image = Grey(2, 32, (_, x) => x);
        var result = Apply(image, Op.TranslateX, 2, negative);
        for (var x = 0; x < 32; x++)
        {
            // The reference maps output x to input x + offset: the content moves left for a positive offset.
            var source = negative ? x - 3 : x + 3;
            var expected = source is >= 0 and < 32 ? (byte)source : CifarAutoAugment.Fill;
            Assert.Equal(expected, At(result, 2, 32, 2, 1, x));
        }
        // Magnitude 9: 14.50 → 15 pixels.
        Assert.Equal(15, CifarAutoAugment.PixelShift(CifarAutoAugment.Parameter(Op.TranslateX, 9) * 32));
        Assert.Equal(-15, CifarAutoAugment.PixelShift(-CifarAutoAugment.Parameter(Op.TranslateX, 9) * 32));
    }

    [Fact]
    public void TranslateY_shifts_rows()
    {
        var image = Grey(32, 2, (y, _) => y);
        var result = Apply(image, Op.TranslateY, 2);
        Assert.Equal(3, At(result, 32, 2, 0, 0, 1));
        Assert.Equal(31, At(result, 32, 2, 0, 28, 1));
        Assert.Equal(CifarAutoAugment.Fill, At(result, 32, 2, 0, 29, 1));
    }

    [Fact]
    public void Rotate_turns_counter_clockwise_about_the_centre_and_fills_grey()
    {
        var image = Grey(5, 5, (y, x) => 1 + 5 * y + x);
        // Magnitude 0: no rotation.
        Assert.Equal(image.Bytes, Apply(image, Op.Rotate, 0));
        // A quarter turn (outside the policy's 0..30°, but a known permutation): output (y, x) = input (x, 4 − y).
        var quarter = image.Bytes.ToArray();
        AutoAugmentGeometry.Rotate(quarter, 5, 5, 90, new byte[quarter.Length]);
        for (var y = 0; y < 5; y++)
            for (var x = 0; x < 5; x++)
                Assert.Equal((byte)(1 + 5 * x + (4 - y)), quarter[y * 5 + x]);
        // Magnitude 9 (30°): the centre stays, the corners come from outside the image.
        var turned = Apply(image, Op.Rotate, 9);
        Assert.Equal(13, turned[2 * 5 + 2]);
        Assert.Equal(CifarAutoAugment.Fill, turned[0]);
        Assert.Equal(CifarAutoAugment.Fill, turned[24]);
    }

    [Fact]
    public void ShearX_resamples_each_row_with_PILs_cubic_and_fills_grey()
    {
        // A ramp 0, 10, …, 70 along x on an 8×8 image; magnitude 9 → coefficient 0.3; row y is read at x + 0.3·(y + ½).
        var image = Grey(8, 8, (_, x) => 10 * x);
        var result = Apply(image, Op.ShearX, 9);
        // Row 0, x = 3: position 3.15, taps 20, 30, 40, 50 at d = 0.15: 30 + 10·(2d − 3d² + 2d³) = 32.39 → 32.
        Assert.Equal(32, At(result, 8, 8, 0, 0, 3));
        // Row 7 (shift 2.25), x = 0: position 2.25, taps 10..40: 20 + 10·(0.5 − 0.1875 + 0.03125) = 23.44 → 23.
        Assert.Equal(23, At(result, 8, 8, 1, 7, 0));
        // Row 7, x ≥ 6 reads beyond the right edge (6.5 + 2.25 ≥ 8): grey.
        Assert.Equal(CifarAutoAugment.Fill, At(result, 8, 8, 2, 7, 6));
        // Negative coefficient: row 0 is read at x − 0.15; at x = 0 the taps clamp to 0, 0, 0, 10 with d = 0.85 → −1.08 → 0.
        var left = Apply(image, Op.ShearX, 9, negative: true);
        Assert.Equal(0, At(left, 8, 8, 0, 0, 0));
        Assert.NotEqual(CifarAutoAugment.Fill, At(left, 8, 8, 0, 0, 0));
    }

    [Fact]
    public void ShearY_is_ShearX_of_the_transposed_image()
    {
        var image = Image(8, 6, (c, y, x) => 3 * x + 20 * y + c);
        var transposed = Image(6, 8, (c, y, x) => 3 * y + 20 * x + c);
        var sheared = Apply(image, Op.ShearY, 7);
        var reference = Apply(transposed, Op.ShearX, 7);
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < 8; y++)
                for (var x = 0; x < 6; x++)
                    Assert.Equal(At(reference, 6, 8, c, x, y), At(sheared, 8, 6, c, y, x));
    }

    [Fact]
    public void Images_and_scratch_of_the_wrong_size_are_refused()
    {
        var image = new byte[3 * 4 * 5];
        Assert.Throws<ArgumentException>(() => CifarAutoAugment.Apply(image, 5, 5, Op.Invert, 0, false, new byte[image.Length]));
        Assert.Throws<ArgumentException>(() => CifarAutoAugment.Apply(image.AsSpan(0, 20), 4, 5, Op.Invert, 0, false, new byte[20]));
        Assert.Throws<ArgumentException>(() => CifarAutoAugment.Apply(image, 4, 5, Op.Rotate, 3, false, new byte[image.Length - 1]));
    }

    [Fact]
    public void The_policy_is_a_function_of_the_random_stream()
    {
        var bytes = new byte[3 * 32 * 32];
        new Random(4).NextBytes(bytes);
        var scratch = new byte[bytes.Length];
        var changed = 0;
        for (var seed = 0; seed < 40; seed++)
        {
            var (a, b) = (bytes.ToArray(), bytes.ToArray());
            CifarAutoAugment.ApplyCifarPolicy(a, 32, 32, new Random(seed), scratch);
            CifarAutoAugment.ApplyCifarPolicy(b, 32, 32, new Random(seed), scratch);
            Assert.Equal(a, b);
            changed += a.AsSpan().SequenceEqual(bytes) ? 0 : 1;
        }
        // Most draws apply at least one operation that changes a random image.
        Assert.InRange(changed, 20, 40);
    }
}
