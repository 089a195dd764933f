using System.Collections.Generic;
using System.IO;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace IsdaDsl.Spec;

/// <summary>YAML text → <see cref="SpecNode"/> tree with positions in <c>file</c>, or the first syntax problem.</summary>
public static class SpecParser
{
    // A spec runs inside every compiler and IDE that opens the repository, so its size is bounded before anything is
    // built from it; the real specs are a few hundred characters and a few dozen nodes.
    public const int MaxDepth = 32;
    public const int MaxLength = 1_000_000;
    public const int MaxNodes = 20_000;

    public static (SpecNode? Root, SpecProblem? Problem) Parse(string text, string file)
    {
        if (text.Length > MaxLength)
            return (null, new SpecProblem(ProblemIds.MalformedYaml, $"a spec must be at most {MaxLength} characters long, got {text.Length}", SourceSpan.FileStart));
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            if (Screen(parser, file) is { } refused)
                return (null, refused);
            stream.Load(new Parser(new StringReader(text)));
        }
        catch (YamlException e)
        {
            return (null, new SpecProblem(ProblemIds.MalformedYaml, $"malformed YAML: {e.Message}", ToSpan(e.Start, e.End, file)));
        }
        catch (System.Exception e) when (e is System.InvalidOperationException or System.ArgumentException)
        {
            // YamlDotNet's scanner throws these rather than a YamlException on some malformed input (an
            // unterminated flow collection; a tag that is not a valid URI); the last event it parsed is the closest
            // position we have.
            var near = parser.Current;
            var span = near is null ? SourceSpan.FileStart : ToSpan(near.Start, near.End, file);
            var what = e is System.ArgumentException
                ? $"invalid tag or token ({e.Message})"
                : "unterminated or invalid flow collection ({ … } or [ … ])";
            return (null, new SpecProblem(ProblemIds.MalformedYaml, $"malformed YAML: {what} near here", span));
        }
        if (stream.Documents.Count == 0)
            return (new SpecMapping(EquatableArray<SpecEntry>.Empty, SourceSpan.FileStart), null);
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            return (null, new SpecProblem(ProblemIds.MalformedYaml, "a spec holds one YAML document; found a second", ToSpan(second.Start, second.End, file)));
        }
        var root = stream.Documents[0].RootNode;
        var converted = Convert(root, 0, file);
        return converted is null
            ? (null, new SpecProblem(ProblemIds.MalformedYaml, $"YAML nested deeper than {MaxDepth} levels", ToSpan(root.Start, root.End, file)))
            : (converted, null);
    }

    /// <summary>
    /// Walks the event stream once, before any tree is built, and refuses what could make a small file expensive:
    /// anchors and aliases (each alias may repeat a whole subtree, so ten lines can stand for billions of nodes),
    /// nesting deeper than <see cref="MaxDepth"/>, more than <see cref="MaxNodes"/> nodes. Time and memory stay linear in
    /// the text. Syntax errors surface as the YamlDotNet exceptions <see cref="Parse"/> reports.
    /// </summary>
    private static SpecProblem? Screen(Parser events, string file)
    {
        var depth = 0;
        var nodes = 0;
        while (events.MoveNext())
        {
            var current = events.Current!;
            var span = ToSpan(current.Start, current.End, file);
            switch (current)
            {
                case AnchorAlias alias:
                    return new SpecProblem(ProblemIds.MalformedYaml,
                        $"YAML aliases (*{alias.Value}) are not allowed in a spec: write the value out, or share settings through extends", span);
                case NodeEvent { Anchor.IsEmpty: false } anchored:
                    return new SpecProblem(ProblemIds.MalformedYaml,
                        $"YAML anchors (&{anchored.Anchor}) are not allowed in a spec: share settings through extends", span);
                case MappingStart or SequenceStart when ++depth > MaxDepth:
                    return new SpecProblem(ProblemIds.MalformedYaml, $"YAML nested deeper than {MaxDepth} levels", span);
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
            if (current is NodeEvent && ++nodes > MaxNodes)
                return new SpecProblem(ProblemIds.MalformedYaml, $"a spec must have at most {MaxNodes} YAML nodes; this one has more", span);
        }
        return null;
    }

    private static SpecNode? Convert(YamlNode node, int depth, string file)
    {
        if (depth > MaxDepth)
            return null;
        var span = ToSpan(node.Start, node.End, file);
        switch (node)
        {
            case YamlScalarNode scalar:
                return ToScalar(scalar, file);
            case YamlSequenceNode sequence:
            {
                var items = new List<SpecNode>();
                foreach (var item in sequence.Children)
                {
                    if (Convert(item, depth + 1, file) is not { } converted)
                        return null;
                    items.Add(converted);
                }
                return new SpecSequence(new EquatableArray<SpecNode>(items), span);
            }
            case YamlMappingNode mapping:
            {
                var entries = new List<SpecEntry>();
                foreach (var pair in mapping.Children)
                {
                    if (Convert(pair.Value, depth + 1, file) is not { } value)
                        return null;
                    // A non-scalar key is reported as an unknown key by its text.
                    var key = pair.Key as YamlScalarNode;
                    entries.Add(new SpecEntry(
                        key is null ? new SpecScalar(pair.Key.ToString(), false, ToSpan(pair.Key.Start, pair.Key.End, file)) : ToScalar(key, file),
                        value));
                }
                return new SpecMapping(new EquatableArray<SpecEntry>(entries), span);
            }
            default:
                return new SpecScalar(node.ToString(), false, span);
        }
    }

    private static SpecScalar ToScalar(YamlScalarNode scalar, string file)
    {
        var value = scalar.Value ?? "";
        var isNull = scalar.Style == ScalarStyle.Plain && (value.Length == 0 || value == "~" || value is "null" or "Null" or "NULL");
        return new SpecScalar(value, isNull, ToSpan(scalar.Start, scalar.End, file));
    }

    private static SourceSpan ToSpan(Mark start, Mark end, string file)
    {
        // YamlDotNet lines and columns are 1-based; Roslyn's are 0-based.
        var startIndex = (int)start.Index;
        var length = System.Math.Max(0, (int)end.Index - startIndex);
        return new SourceSpan(startIndex, length,
            System.Math.Max(0, (int)start.Line - 1), System.Math.Max(0, (int)start.Column - 1),
            System.Math.Max(0, (int)end.Line - 1), System.Math.Max(0, (int)end.Column - 1), file);
    }
}
