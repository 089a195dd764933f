using IsdaDsl.Experiments.Generated;
using IsdaDsl.Experiments.Generated.Specs;

// Typed access to the generated settings, and the catalog, from a package consumer.
Console.WriteLine($"experiments: {string.Join(", ", ExperimentCatalog.All.Keys)}");
Console.WriteLine($"demo: depth {Demo.Settings.Model.Depth}, epochs {Demo.Settings.Training.Epochs}, lambda0 {Demo.Settings.Method.Lambda0}");
