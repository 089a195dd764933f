using IsdaDsl.Experiments.Generated;
using IsdaDsl.Runtime.Gan;
using IsdaDsl.Runtime.Methods;
using IsdaDsl.Runtime.Models;
using IsdaDsl.Runtime.Settings;
using static TorchSharp.torch;

namespace IsdaDsl.Tests.Gan;

/// <summary>Untrained generators written as a completed GAN run writes them, for the methods that mix generated images in.</summary>
internal static class TestGenerators
{
    /// <summary>Writes the (randomly initialised) generator(s) of <paramref name="objective"/>, widths 4 and noise 8, to <paramref name="path"/>.</summary>
    public static string Write(string path, string objective, InputShape image, int numClasses, bool perClass = false)
    {
        var settings = GanSettings.For(objective, "test-" + objective, new DataSettings("test")) with
        {
            NoiseDim = 8, GeneratorWidth = 4, CriticWidth = 4, PerClass = perClass,
        };
        var generators = GanModels.Generators(settings, image, numClasses);
        TrainedGenerator.Save(path, settings, image, numClasses, generators);
        foreach (var generator in generators)
            generator.Dispose();
        return path;
    }

    /// <summary>A source that hands out the generator at <paramref name="path"/> for experiment <paramref name="experiment"/> and no other.</summary>
    public static GeneratorSource Source(string experiment, string path) => (name, device) =>
        name == experiment ? TrainedGenerator.Load(path, device) : throw new ArgumentException($"no generator for '{name}'");

    /// <summary>
    /// A method context as the trainer gives it for images of <paramref name="input"/>, whose generator source makes an
    /// untrained generator of those images for any experiment: with the objective and conditioning of the catalog's gan
    /// experiment of that name, CGAN for a name the catalog lacks; written into <paramref name="folder"/>.
    /// </summary>
    public static MethodContext Context(int numClasses, int featureDim, InputShape input, string folder) => new(numClasses, featureDim, CPU)
    {
        Input = input,
        Normalisation = (Enumerable.Repeat(0.5f, input.Channels).ToArray(), Enumerable.Repeat(0.25f, input.Channels).ToArray()),
        Generators = (name, device) =>
        {
            var gan = ExperimentCatalog.Gans.TryGetValue(name, out var make) ? make() : null;
            var path = Path.Combine(folder, $"{name}-{input.Channels}x{input.Height}x{input.Width}-{numClasses}.bin");
            if (!File.Exists(path))
                Write(path, gan?.Objective ?? "cgan", input, numClasses, gan?.PerClass ?? false);
            return TrainedGenerator.Load(path, device);
        },
    };
}
