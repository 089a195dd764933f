using System.Text.RegularExpressions;
using IsdaDsl.Spec;
using IsdaDsl.Tests.Generator;

namespace IsdaDsl.Tests.Spec;

/// <summary>
/// docs/dsl.md derives from the declaration: its tables of section keys, architectures and methods are exactly what
/// <see cref="SpecReference"/> renders from spec/SpecSchema.cs, and its keys table names every key of every section
/// the schema declares, and no other. With ISDA_UPDATE_DOCS=1 the first test rewrites the tables instead of failing.
/// </summary>
public sealed partial class DslReferenceTests
{
    private const string Document = "docs/dsl.md";

    private const string UpdateVariable = "ISDA_UPDATE_DOCS";

    private const string RefreshCommand = UpdateVariable + "=1 dotnet test tests/IsdaDsl.Tests.csproj --filter FullyQualifiedName~DslReference";

    private static string DocumentPath => Path.Combine(RepositoryRoot.Path, "docs", "dsl.md");

    [Fact]
    public void The_tables_of_the_DSL_reference_are_the_ones_the_declaration_renders()
    {
        var current = File.ReadAllText(DocumentPath).Replace("\r\n", "\n");
        var unmarked = SpecReference.Blocks().Where(block => SpecReference.Region(current, block.Name) is null).Select(block => block.Name).ToList();
        Assert.True(unmarked.Count == 0,
            $"{Document} has no place for the generated table(s) {string.Join(", ", unmarked)}: put '{SpecReference.StartMarker("NAME")}' and " +
            $"'{SpecReference.EndMarker}' lines where each belongs, then run (from the repository root): {RefreshCommand}");

        var refreshed = SpecReference.Refresh(current);
        if (refreshed == current)
            return;
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(DocumentPath, refreshed);
            return;
        }

        var differences = SpecReference.Blocks()
            .Select(block => Difference(block.Name, Text(current, block.Name), Text(refreshed, block.Name)))
            .OfType<string>()
            .ToList();
        Assert.Fail(
            $"{Document} is out of date with spec/SpecSchema.cs: its generated tables differ from what SpecReference renders.\n" +
            string.Join("\n", differences) + "\n" +
            $"Refresh it by running, from the repository root: {RefreshCommand}\n" +
            $"then review and commit {Document}. (Its prose outside the '<!-- generated: … -->' markers is left as it is.)");
    }

    [Fact]
    public void The_keys_table_names_every_declared_key_and_no_other()
    {
        var (keys, architectureParameters, methodParameters, ganParameters, reconstructionParameters) = DocumentedKeys(File.ReadAllLines(DocumentPath));
        var problems = new List<string>();

        var topLevel = keys.Where(key => !key.Contains('.')).ToHashSet(StringComparer.Ordinal);
        var expectedTopLevel = SpecSchema.Sections.Except(SpecSchema.SettingSections).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(topLevel.Except(expectedTopLevel).Select(key => $"{Document} documents top-level key '{key}', which is no section of SpecSchema.Sections (or is a setting section)"));
        problems.AddRange(expectedTopLevel.Except(topLevel).Select(key => $"SpecSchema.Sections has top-level key '{key}', which {Document}'s keys table does not document"));

        var bySection = keys.Where(key => key.Contains('.')).Select(key => (Section: key[..key.IndexOf('.')], Key: key[(key.IndexOf('.') + 1)..])).ToList();
        problems.AddRange(bySection.Where(k => !SpecSchema.SettingSections.Contains(k.Section))
            .Select(k => $"{Document} documents {k.Section}.{k.Key}, but '{k.Section}' is no setting section of SpecSchema.SettingSections"));

        foreach (var section in SpecSchema.SettingSections)
        {
            var documented = bySection.Where(k => k.Section == section).Select(k => k.Key)
                .Concat(section switch { "model" => architectureParameters, "method" => methodParameters, "gan" => ganParameters, "reconstruction" => reconstructionParameters, _ => [] })
                .ToHashSet(StringComparer.Ordinal);
            var declared = SpecSchema.KeysOf(section).ToHashSet(StringComparer.Ordinal);
            var where = section switch { "model" => "keys table or Architectures table", "method" => "keys table or Methods table", "gan" => "keys table or GAN objectives table", "reconstruction" => "Reconstruction table", _ => "keys table" };
            problems.AddRange(documented.Except(declared).Order(StringComparer.Ordinal)
                .Select(key => $"{Document} documents {section}.{key}, which SpecSchema.KeysOf(\"{section}\") lacks"));
            problems.AddRange(declared.Except(documented).Order(StringComparer.Ordinal)
                .Select(key => $"SpecSchema.KeysOf(\"{section}\") has '{key}', which {Document}'s {where} does not document"));
        }

        Assert.True(keys.Count > 0 && architectureParameters.Count > 0 && methodParameters.Count > 0 && ganParameters.Count > 0,
            $"no keys table, Architectures table, Methods table or GAN objectives table found under '## Keys' in {Document}: is its layout still the one this test reads?");
        Assert.True(problems.Count == 0,
            string.Join("\n", problems) + $"\nThe tables are generated from spec/SpecSchema.cs: run {RefreshCommand}");
    }

    [Fact]
    public void Every_parameter_has_a_description_and_a_rule_that_reads_as_a_table_cell()
    {
        var rules = SpecSchema.Architectures.Concat(SpecSchema.Methods).Concat(SpecSchema.Gans)
            .SelectMany(component => component.Value.Select(rule => (Component: component.Key, Rule: rule)))
            .Concat(SpecSchema.Reconstruction.Select(rule => (Component: "reconstruction", Rule: rule)));
        foreach (var (component, rule) in rules)
        {
            Assert.False(string.IsNullOrWhiteSpace(rule.Description), $"{component}.{rule.Key} has no description");
            if (rule.Range is { } range)
            {
                var allowed = SpecReference.Allowed(range);
                Assert.False(allowed.Length == 0 || allowed.StartsWith("must", StringComparison.Ordinal),
                    $"{component}.{rule.Key}: '{range.Describe()}' reads as '{allowed}' in the reference");
            }
        }
    }

    [Fact]
    public void Refreshing_replaces_only_what_lies_between_the_markers()
    {
        var names = SpecReference.Blocks().Select(block => block.Name).ToList();
        var document = "# Title\r\n\r\nprose before\r\n" + string.Join("", names.Select(name =>
            $"{SpecReference.StartMarker(name)}\nstale {name}\n{SpecReference.EndMarker}\nprose after {name}\n"));

        var refreshed = SpecReference.Refresh(document);

        Assert.StartsWith("# Title\n\nprose before\n", refreshed, StringComparison.Ordinal);
        Assert.DoesNotContain("stale", refreshed, StringComparison.Ordinal);
        foreach (var (name, text) in SpecReference.Blocks())
        {
            Assert.Contains($"{SpecReference.StartMarker(name)}\n\n{text}\n{SpecReference.EndMarker}\nprose after {name}\n", refreshed, StringComparison.Ordinal);
        }
        Assert.Equal(refreshed, SpecReference.Refresh(refreshed));
        Assert.Throws<InvalidOperationException>(() => SpecReference.Refresh("# no markers\n"));
    }

    /// <summary>A block's text between its markers.</summary>
    private static string Text(string document, string name) =>
        SpecReference.Region(document, name) is var (start, end) ? document[start..end] : "";

    /// <summary>Null when equal; otherwise the first line that differs, as the document has it and as it should be.</summary>
    private static string? Difference(string name, string found, string expected)
    {
        if (found == expected)
            return null;
        var (foundLines, expectedLines) = (found.Split('\n'), expected.Split('\n'));
        var line = 0;
        while (line < foundLines.Length && line < expectedLines.Length && foundLines[line] == expectedLines[line])
            line++;
        var differing = Enumerable.Range(0, Math.Max(foundLines.Length, expectedLines.Length))
            .Count(i => i >= foundLines.Length || i >= expectedLines.Length || foundLines[i] != expectedLines[i]);
        return $"- table '{name}': {differing} line(s) differ; the first, line {line + 1} of the block:\n" +
               $"    in {Document}: {Shown(foundLines, line)}\n" +
               $"    declared:     {Shown(expectedLines, line)}";
    }

    private static string Shown(string[] lines, int line) =>
        line >= lines.Length ? "(end of the block)" : lines[line].Length == 0 ? "(blank line)" : lines[line];

    /// <summary>
    /// The keys the tables under "## Keys" name: the first code span of each row of the table headed "key"
    /// ("name", "data.root"), and the parameter column of the tables headed "architecture", "method" and "objective".
    /// </summary>
    private static (List<string> Keys, List<string> Architecture, List<string> Method, List<string> Gan, List<string> Reconstruction) DocumentedKeys(string[] lines)
    {
        var (keys, architecture, method, gan, reconstruction) = (new List<string>(), new List<string>(), new List<string>(), new List<string>(), new List<string>());
        var start = Array.FindIndex(lines, line => line.TrimEnd() == "## Keys");
        Assert.True(start >= 0, $"{Document} has no '## Keys' heading");
        List<string>? table = null;
        var column = 0;
        for (var i = start + 1; i < lines.Length && !lines[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            if (!lines[i].StartsWith('|'))
            {
                table = null;
                continue;
            }
            var cells = Cells(lines[i]);
            if (table is null)
            {
                (table, column) = cells.FirstOrDefault() switch
                {
                    "key" => (keys, 0),
                    "architecture" => (architecture, 1),
                    "method" => (method, 1),
                    "objective" => (gan, 1),
                    "section" => (reconstruction, 1),
                    _ => (new List<string>(), 0),
                };
                i++; // the delimiter row
                continue;
            }
            if (column < cells.Count && CodeSpan().Match(cells[column]) is { Success: true } code)
                table.Add(code.Groups["code"].Value);
        }
        return (keys, architecture, method, gan, reconstruction);
    }

    private static List<string> Cells(string row) =>
        UnescapedBar().Split(row.Trim().Trim('|')).Select(cell => cell.Trim()).ToList();

    [GeneratedRegex(@"`(?<code>[^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex UnescapedBar();
}
