using static TorchSharp.torch;

namespace IsdaDsl.Runtime.Gan;

/// <summary>
/// Supplies the trained generator of a gan experiment by the experiment's name: the command line reads the newest
/// completed run's generator.bin onto the device (docs/method.md §9.6); tests hand in generators they made.
/// </summary>
public delegate TrainedGenerator GeneratorSource(string experiment, Device device);
