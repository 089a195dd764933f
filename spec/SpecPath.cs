using System;
using System.Collections.Generic;
using System.Linq;

namespace IsdaDsl.Spec;

/// <summary>
/// Spec paths as text, never touching the disk (a generator may not): '/' and '\' alike, '.' and '..' folded, so
/// that "experiments/cifar/../base/x.yaml" and "experiments\base\x.yaml" name one file.
/// </summary>
public static class SpecPath
{
    /// <summary>The path with '/' separators and no '.', '..' or empty segments (a leading '/' or drive is kept).</summary>
    public static string Normalise(string path)
    {
        var slashed = path.Replace('\\', '/');
        var rooted = slashed.StartsWith("/", StringComparison.Ordinal);
        var segments = new List<string>();
        foreach (var segment in slashed.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
                continue;
            var last = segments.Count > 0 ? segments[segments.Count - 1] : null;
            if (segment != "..")
                segments.Add(segment);
            else if (last is not null && last != ".." && !IsDrive(last))
                segments.RemoveAt(segments.Count - 1);
            else if (last == ".." || (last is null && !rooted))
                segments.Add(segment);
            // Otherwise '..' would climb above the root: there is nothing there, as in a shell.
        }
        return (rooted ? "/" : "") + string.Join("/", segments);
    }

    /// <summary><paramref name="reference"/> as written in <paramref name="from"/>: relative to that file's folder unless rooted.</summary>
    public static string Resolve(string from, string reference)
    {
        var slashed = reference.Replace('\\', '/');
        var folder = Folder(from);
        var rooted = slashed.StartsWith("/", StringComparison.Ordinal) || IsDrive(slashed.Split('/')[0]);
        return Normalise(rooted || folder.Length == 0 ? slashed : folder + "/" + slashed);
    }

    /// <summary>How <paramref name="target"/> is reached from <paramref name="from"/>'s folder ("../base/x.yaml"), for messages.</summary>
    public static string RelativeTo(string from, string target)
    {
        var folder = Segments(Folder(from));
        var to = Segments(Normalise(target));
        var common = 0;
        while (common < folder.Length && common < to.Length - 1 && folder[common] == to[common])
            common++;
        // Another drive cannot be reached by '..'.
        if (common == 0 && folder.Length > 0 && IsDrive(folder[0]))
            return Normalise(target);
        return string.Join("/", Enumerable.Repeat("..", folder.Length - common).Concat(to.Skip(common)));
    }

    /// <summary><paramref name="path"/> relative to <paramref name="projectDir"/>, or its file name when outside it.</summary>
    public static string RelativeToProject(string path, string projectDir)
    {
        var normalised = path.Replace('\\', '/');
        var root = projectDir.Replace('\\', '/').TrimEnd('/') + "/";
        return projectDir.Length > 0 && normalised.StartsWith(root, StringComparison.Ordinal) ? normalised.Substring(root.Length) : FileName(path);
    }

    /// <summary>The folders of a relative path ("cifar10/resnet/x.yaml" → cifar10, resnet).</summary>
    public static IReadOnlyList<string> Folders(string relativePath)
    {
        var parts = Segments(Normalise(relativePath));
        return parts.Take(parts.Length - 1).Where(p => p != "..").ToList();
    }

    /// <summary>A spec in a folder named <c>base</c> (at any depth) is a base: extended, never an experiment itself.</summary>
    public static bool IsInBaseFolder(string relativePath) => Folders(relativePath).Contains("base");

    public static string FileName(string path) => Segments(Normalise(path)).LastOrDefault() ?? "";

    /// <summary>The folder part of a path; empty for a bare file name.</summary>
    private static string Folder(string path)
    {
        var normalised = Normalise(path);
        var slash = normalised.LastIndexOf('/');
        return slash < 0 ? "" : normalised.Substring(0, Math.Max(slash, 1));
    }

    private static string[] Segments(string path) => path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);

    private static bool IsDrive(string segment) => segment.Length == 2 && segment[1] == ':' && char.IsLetter(segment[0]);
}
