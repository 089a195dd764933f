using System.Collections.Generic;
using System.IO;

namespace IsdaDsl.Generator.Spec;

/// <summary>Spec text → resolved experiment or problems: the one entry point the generator and the CLI share.</summary>
public static class SpecReader
{
    public static (ExperimentSpec? Spec, IReadOnlyList<SpecProblem> Problems) Read(string text, string path)
    {
        var (root, problem) = SpecParser.Parse(text);
        if (root is null)
            return (null, problem is null ? [] : [problem]);
        return SpecValidator.Validate(root, DefaultName(path));
    }

    /// <summary>"experiments/cifar10-resnet32.yaml" → "cifar10-resnet32".</summary>
    public static string DefaultName(string path)
    {
        var name = Path.GetFileName(path);
        foreach (var suffix in new[] { ".yaml", ".yml" })
        {
            if (name.EndsWith(suffix, System.StringComparison.OrdinalIgnoreCase))
                return name.Substring(0, name.Length - suffix.Length);
        }
        return name;
    }
}
