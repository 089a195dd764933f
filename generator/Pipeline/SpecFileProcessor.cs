using System;
using System.Collections.Generic;
using System.Linq;
using IsdaDsl.Generator.Spec;

namespace IsdaDsl.Generator.Pipeline;

/// <summary>Reads one spec file into a <see cref="SpecResult"/>; never throws.</summary>
internal static class SpecFileProcessor
{
    private const string RootNamespace = "IsdaDsl.Experiments.Generated";

    public static SpecResult Process(SpecFile file)
    {
        try
        {
            var (spec, problems) = SpecReader.Read(file.Text, file.Path);
            var diagnostics = new EquatableArray<DiagnosticInfo>(problems.Select(p => DiagnosticInfo.From(p, file.Path)));
            if (spec is null)
                return new SpecResult(null, diagnostics);
            var className = Naming.ToPascalCase(spec.Name);
            var ns = string.Join(".", new[] { RootNamespace }.Concat(FolderSegments(file.RelativePath).Select(Naming.ToPascalCase)));
            return new SpecResult(new ExperimentModel(spec, file.Path, ns, className, HintName(ns, className, file.Path)), diagnostics);
        }
        catch (Exception e)
        {
            // A bug here must not take the whole build down as AD0001/CS8785: report it on the file instead.
            var info = new DiagnosticInfo(ProblemIds.InternalError, $"the generator failed on this spec: {e.GetType().Name}: {e.Message}", file.Path, SourceSpan.FileStart);
            return new SpecResult(null, new EquatableArray<DiagnosticInfo>([info]));
        }
    }

    /// <summary>The folders between the project and the spec ("cifar10/resnet/x.yaml" → cifar10, resnet).</summary>
    private static IEnumerable<string> FolderSegments(string relativePath)
    {
        var parts = relativePath.Replace('\\', '/').Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
        return parts.Take(parts.Length - 1).Where(p => p != "." && p != "..");
    }

    /// <summary>Unique per file even when two specs share a class name (ISDA007 reports that case).</summary>
    private static string HintName(string ns, string className, string path)
    {
        var hash = 2166136261u;
        foreach (var c in path.Replace('\\', '/'))
            hash = unchecked((hash ^ c) * 16777619u);
        return $"{ns}.{className}.{hash:x8}.g.cs";
    }
}
