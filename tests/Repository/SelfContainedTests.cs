using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using IsdaDsl.Tests.Generator;

namespace IsdaDsl.Tests.Repository;

/// <summary>
/// The repository explains itself: no source or documentation file points at a document outside it, every citation
/// of a section of docs/method.md names a section that exists, and every relative Markdown link of README.md and
/// docs/ reaches a file (and, with an anchor, a heading) inside the repository.
/// </summary>
public sealed partial class SelfContainedTests
{
    /// <summary>The kinds of file that hold the project's sources and documentation.</summary>
    private static readonly string[] Extensions = [".cs", ".md", ".yaml", ".sh", ".props", ".csproj", ".py"];

    /// <summary>Folders that .gitignore lists (build outputs, run folders, tool state), never part of the sources.</summary>
    private static readonly HashSet<string> IgnoredFolders =
        new(["bin", "obj", "runs", "TestResults", "BenchmarkDotNet.Artifacts", ".git", ".vs", ".idea"], StringComparer.Ordinal);


    private const string MethodDocument = "docs/method.md";

    [Fact]
    public void No_source_or_document_refers_to_the_specification_outside_the_repository()
    {
        var found = new List<string>();
        foreach (var file in SourceFiles())
        {
            var lines = File.ReadAllLines(Absolute(file));
            for (var i = 0; i < lines.Length; i++)
            {
                if (OutsideReference().Match(lines[i]) is { Success: true } match)
                    found.Add($"{file}:{i + 1}: '{match.Value}' in: {lines[i].Trim()}");
            }
        }

        Assert.True(found.Count == 0,
            $"{found.Count} line(s) cite a document outside the repository; cite {MethodDocument} instead:\n" + string.Join("\n", found));
    }

    [Fact]
    public void Every_citation_of_the_method_document_names_one_of_its_sections()
    {
        var sections = MethodSections();
        Assert.Contains("1", sections);

        var citations = 0;
        var broken = new List<string>();
        foreach (var file in SourceFiles())
        {
            var lines = File.ReadAllLines(Absolute(file));
            for (var i = 0; i < lines.Length; i++)
            {
                // In the method document itself a bare §N refers to its own sections; elsewhere only what follows "method.md".
                var cited = file == MethodDocument
                    ? SectionNumber().Matches(lines[i]).Select(m => m.Groups["n"].Value)
                    : MethodCitation().Matches(lines[i]).SelectMany(m => SectionNumber().Matches(m.Groups["refs"].Value))
                        .Select(m => m.Groups["n"].Value);
                foreach (var section in cited)
                {
                    citations++;
                    if (!sections.Contains(section))
                        broken.Add($"{file}:{i + 1}: §{section} is not a section of {MethodDocument}: {lines[i].Trim()}");
                }
            }
        }

        Assert.True(citations > 0, $"no citation of {MethodDocument} found: is the pattern still the one the sources use?");
        Assert.True(broken.Count == 0,
            $"sections of {MethodDocument}: {string.Join(", ", sections.Order(StringComparer.Ordinal))}\n" + string.Join("\n", broken));
    }

    [Fact]
    public void Every_relative_link_of_the_readme_and_the_docs_reaches_a_file_of_the_repository()
    {
        var broken = new List<string>();
        foreach (var (file, line, target) in RelativeLinks())
        {
            var path = target.Split('#')[0];
            if (path.Length == 0)
                continue;
            var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Absolute(file))!, Uri.UnescapeDataString(path)));
            if (!IsInsideRepository(resolved))
                broken.Add($"{file}:{line}: '{target}' leads outside the repository");
            else if (!File.Exists(resolved) && !Directory.Exists(resolved))
                broken.Add($"{file}:{line}: '{target}' does not exist");
        }

        Assert.True(broken.Count == 0, string.Join("\n", broken));
    }

    [Fact]
    public void Every_anchor_of_a_link_between_the_readme_and_the_docs_names_a_heading()
    {
        var broken = new List<string>();
        foreach (var (file, line, target) in RelativeLinks().Where(l => l.Target.Contains('#')))
        {
            var (path, anchor) = (target[..target.IndexOf('#')], target[(target.IndexOf('#') + 1)..]);
            var document = path.Length == 0
                ? Absolute(file)
                : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Absolute(file))!, Uri.UnescapeDataString(path)));
            if (!document.EndsWith(".md", StringComparison.Ordinal) || !File.Exists(document))
                continue;
            if (!HeadingAnchors(document).Contains(anchor))
                broken.Add($"{file}:{line}: no heading of {Path.GetRelativePath(RepositoryRoot.Path, document)} has the anchor '#{anchor}'");
        }

        Assert.True(broken.Count == 0, string.Join("\n", broken));
    }

    /// <summary>The section numbers of the method document's headings: "## 3. Gradients" gives 3, "### 4.2 ImageNet" gives 4.2.</summary>
    private static HashSet<string> MethodSections()
    {
        var path = Absolute(MethodDocument);
        Assert.True(File.Exists(path), $"{MethodDocument} is missing");
        return File.ReadAllLines(path)
            .Select(line => NumberedHeading().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups["n"].Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Relative link targets of README.md and docs/*.md, with the line they are on (not inside code blocks).</summary>
    private static IEnumerable<(string File, int Line, string Target)> RelativeLinks()
    {
        var documents = new[] { "README.md" }
            .Concat(Directory.EnumerateFiles(Absolute("docs"), "*.md").Select(Relative).Order(StringComparer.Ordinal));
        foreach (var file in documents)
        {
            var inCode = false;
            var lines = File.ReadAllLines(Absolute(file));
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    inCode = !inCode;
                    continue;
                }
                if (inCode)
                    continue;
                var text = InlineCode().Replace(lines[i], "");
                var targets = InlineLink().Matches(text).Select(m => m.Groups["target"].Value)
                    .Concat(ReferenceLink().Matches(text).Select(m => m.Groups["target"].Value));
                foreach (var target in targets.Where(t => !Scheme().IsMatch(t)))
                    yield return (file, i + 1, target);
            }
        }
    }

    /// <summary>The anchors GitHub gives the headings of a Markdown file (lower case, punctuation dropped, spaces as hyphens, repeats numbered).</summary>
    private static HashSet<string> HeadingAnchors(string path)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var inCode = false;
        foreach (var line in File.ReadLines(path))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                inCode = !inCode;
            var heading = inCode ? Match.Empty : Heading().Match(line);
            if (!heading.Success)
                continue;
            var slug = new StringBuilder();
            foreach (var c in heading.Groups["text"].Value.Trim().ToLowerInvariant())
            {
                var category = char.GetUnicodeCategory(c);
                if (c == ' ')
                    slug.Append('-');
                else if (c == '-' || char.IsLetterOrDigit(c) || category is UnicodeCategory.NonSpacingMark
                             or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation)
                    slug.Append(c);
            }
            var anchor = slug.ToString();
            for (var n = 1; !anchors.Add(anchor); n++)
                anchor = $"{slug}-{n}";
        }
        return anchors;
    }

    /// <summary>Source and documentation files of the repository, relative to its root with '/', build outputs left out.</summary>
    private static IEnumerable<string> SourceFiles()
    {
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(RepositoryRoot.Path)]);
        var files = new List<string>();
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in dir.EnumerateDirectories().Where(d => !IgnoredFolders.Contains(d.Name)))
                pending.Push(sub);
            files.AddRange(dir.EnumerateFiles()
                .Where(f => Extensions.Contains(f.Extension, StringComparer.Ordinal) && !f.Name.Contains(".received.", StringComparison.Ordinal))
                .Select(f => Relative(f.FullName)));
        }
        files.Sort(StringComparer.Ordinal);
        Assert.Contains("README.md", files);
        return files;
    }

    private static string Absolute(string relative) => Path.Combine(RepositoryRoot.Path, relative.Replace('/', Path.DirectorySeparatorChar));

    private static string Relative(string absolute) => Path.GetRelativePath(RepositoryRoot.Path, absolute).Replace('\\', '/');

    private static bool IsInsideRepository(string absolute) =>
        absolute.StartsWith(RepositoryRoot.Path.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The specification's name, its section sign, or a path into the shared folder beside the checkout.</summary>
    [GeneratedRegex(@"SPEC\s§|SPEC\.md|\.\./shared\b|shared[/\\]seeds\b")]
    private static partial Regex OutsideReference();

    /// <summary>The method document's file name followed by one or more §-numbers ("§3", "§4 and §7", "§1, §2 and §3").</summary>
    [GeneratedRegex(@"method\.md(?<refs>(?:(?:,|;|\s+and|\s+or)?\s*§\s?\d+(?:\.\d+)*)+)")]
    private static partial Regex MethodCitation();

    [GeneratedRegex(@"§\s?(?<n>\d+(?:\.\d+)*)")]
    private static partial Regex SectionNumber();

    [GeneratedRegex(@"^#{2,4}\s+(?<n>\d+(?:\.\d+)*)\.?\s")]
    private static partial Regex NumberedHeading();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^\s*\[[^\]]+\]:\s*(?<target>\S+)")]
    private static partial Regex ReferenceLink();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();
}
