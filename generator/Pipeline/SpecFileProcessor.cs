using System;
using System.Linq;
using IsdaDsl.Spec;

namespace IsdaDsl.Generator.Pipeline;

/// <summary>Reads one spec file, with the project's specs it may extend, into a <see cref="SpecResult"/>; never throws.</summary>
internal static class SpecFileProcessor
{
    private const string RootNamespace = "IsdaDsl.Experiments.Generated";

    /// <summary>The file parsed; a parser failure becomes the file's problem rather than a generator crash.</summary>
    public static ParsedSpec Parse(string path, string projectDir, string text)
    {
        try
        {
            return ParsedSpec.Parse(path, SpecPath.RelativeToProject(path, projectDir), text);
        }
        catch (Exception e)
        {
            return new ParsedSpec(path, SpecPath.FileName(path), null, Failure(e));
        }
    }

    public static SpecResult Process(ParsedSpec file, SpecLibrary library)
    {
        try
        {
            var result = SpecReader.Read(file, library);
            var folders = SpecPath.Folders(file.RelativePath);
            var ns = string.Join(".", new[] { RootNamespace }.Concat(folders.Select(Naming.ToPascalCase)));
            // The namespace already says the folders: cifar10/resnet110/isda.yaml (named cifar10-resnet110-isda) is
            // class Isda in namespace …Cifar10.Resnet110.
            var folderPrefix = string.Join("-", folders) + "-";
            var models = result.Experiments.Select((spec, index) =>
            {
                var local = folders.Count > 0 && spec.Name.StartsWith(folderPrefix, StringComparison.Ordinal) ? spec.Name.Substring(folderPrefix.Length) : spec.Name;
                var className = Naming.ToPascalCase(local);
                return new ExperimentModel(spec, file.Path, file.RelativePath, ns, className, HintName(ns, className, file.Path, index));
            });
            return new SpecResult(new EquatableArray<ExperimentModel>(models), new EquatableArray<DiagnosticInfo>(result.Problems.Select(p => DiagnosticInfo.From(p, file.Path))));
        }
        catch (Exception e)
        {
            // A bug here must not take the whole build down as AD0001/CS8785: report it on the file instead.
            return new SpecResult(EquatableArray<ExperimentModel>.Empty, new EquatableArray<DiagnosticInfo>([DiagnosticInfo.From(Failure(e), file.Path)]));
        }
    }

    private static SpecProblem Failure(Exception e) =>
        new(ProblemIds.InternalError, $"the generator failed on this spec: {e.GetType().Name}: {e.Message}", SourceSpan.FileStart);

    /// <summary>Unique per experiment even when two share a class name (ISDA007 reports that case).</summary>
    private static string HintName(string ns, string className, string path, int index)
    {
        var hash = 2166136261u;
        foreach (var c in path.Replace('\\', '/') + "#" + index)
            hash = unchecked((hash ^ c) * 16777619u);
        return $"{ns}.{className}.{hash:x8}.g.cs";
    }
}
