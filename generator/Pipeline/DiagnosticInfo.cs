using IsdaDsl.Generator.Diagnostics;
using IsdaDsl.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace IsdaDsl.Generator.Pipeline;

/// <summary>A diagnostic as plain values (no <see cref="Location"/>), so the pipeline stays equatable.</summary>
internal sealed record DiagnosticInfo(string Id, string Message, string Path, SourceSpan Span)
{
    /// <summary>Located in the file the problem's node was read from; <paramref name="path"/> when the span names none.</summary>
    public static DiagnosticInfo From(SpecProblem problem, string path) => new(problem.Id, problem.Message, problem.Span.File ?? path, problem.Span);

    public Diagnostic ToDiagnostic() => Diagnostic.Create(
        DiagnosticCatalog.Get(Id),
        Location.Create(Path, new TextSpan(Span.Start, Span.Length), new LinePositionSpan(
            new LinePosition(Span.StartLine, Span.StartColumn), new LinePosition(Span.EndLine, Span.EndColumn))),
        Message);
}
