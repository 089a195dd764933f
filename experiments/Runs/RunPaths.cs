using IsdaDsl.Spec;

namespace IsdaDsl.Experiments.Runs;

/// <summary>
/// The one place where paths under --out are made: the experiment folder OUT/NAME and the run folder
/// OUT/NAME/FOLDER. Names come from specs, from `--set` and from run folders' spec.yaml, none of them trusted to
/// stay inside --out, so each path is checked again here: the name against <see cref="ExperimentName"/>, the full
/// path strictly inside --out's, and no symbolic link at or below OUT/NAME, where a planted link (runs/NAME → /etc)
/// would send writes elsewhere. --out itself is the user's choice and may be a link.
/// </summary>
/// <remarks>
/// These are checks, not a sandbox: someone who can write below --out while a command runs could still swap a
/// folder for a link between the check and the write.
/// </remarks>
internal static class RunPaths
{
    /// <summary>OUT/<paramref name="experiment"/>, as <paramref name="outRoot"/> is written.</summary>
    public static string ExperimentFolder(string outRoot, string experiment)
    {
        CheckName(outRoot, experiment);
        return Inside(outRoot, [experiment]);
    }

    /// <summary>
    /// OUT/<paramref name="experiment"/>/<paramref name="folderName"/>, as <paramref name="outRoot"/> is written. An
    /// existing run folder must hold no symbolic link either: the trainer writes its files there by fixed names.
    /// </summary>
    public static string RunFolder(string outRoot, string experiment, string folderName)
    {
        CheckName(outRoot, experiment);
        var folder = Inside(outRoot, [experiment, folderName]);
        if (Directory.Exists(folder) && FirstLinkIn(new DirectoryInfo(folder)) is { } link)
            throw new UnsafePathException($"{link} is a symbolic link; nothing is written or read through a link below --out {outRoot}");
        return folder;
    }

    /// <summary><paramref name="path"/>, an existing run folder of <paramref name="experiment"/> to resume, once it passes the checks of <see cref="RunFolder"/>.</summary>
    public static string ExistingRunFolder(string outRoot, string experiment, string path)
    {
        var folder = RunFolder(outRoot, experiment, Path.GetFileName(path));
        return Path.GetFullPath(folder) == Path.GetFullPath(path)
            ? folder
            : throw new UnsafePathException($"{path} is not a run folder of {experiment} directly inside --out {outRoot}; it is not resumed");
    }

    // The spec library refuses such names already; a spec.yaml edited by hand or a future bug must not get past here.
    private static void CheckName(string outRoot, string experiment)
    {
        if (ExperimentName.Check(experiment) is { } reason)
            throw new UnsafePathException($"'{experiment}' is not an experiment name: it {reason}; no folder is made or read for it under --out {outRoot}");
    }

    private static string Inside(string outRoot, string[] segments)
    {
        var root = Path.GetFullPath(outRoot);
        var path = Path.Combine([outRoot, .. segments]);
        // Segments from a run folder's listing or a spec are single names; anything else ("..", "a/b", "/x") is refused.
        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        if (segments.Any(s => s is "" or "." or ".." || s.IndexOfAny([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar]) >= 0)
            || !Path.GetFullPath(path).StartsWith(prefix, StringComparison.Ordinal))
            throw new UnsafePathException($"{path} is not inside --out {outRoot} ({root}); nothing is made or read there");

        // Every existing component below --out, checked without following it.
        var current = outRoot;
        foreach (var segment in segments)
        {
            current = Path.Combine(current, segment);
            if (LinkTarget(current) is { } target)
                throw new UnsafePathException($"{current} is a symbolic link (to {target}); nothing is written or read through a link below --out {outRoot}");
        }
        return path;
    }

    /// <summary>The first symbolic link found inside <paramref name="folder"/>, searched without following any.</summary>
    private static string? FirstLinkIn(DirectoryInfo folder)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 }))
        {
            if (entry.LinkTarget is not null)
                return entry.FullName;
            if (entry is DirectoryInfo subfolder && FirstLinkIn(subfolder) is { } link)
                return link;
        }
        return null;
    }

    // LinkTarget reads the entry itself (lstat), so a link is found whether its target exists or not; it covers
    // symbolic links everywhere and junctions on Windows. Null for a plain entry or none.
    private static string? LinkTarget(string path) => new FileInfo(path).LinkTarget;
}
