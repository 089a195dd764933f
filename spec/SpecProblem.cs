namespace IsdaDsl.Spec;

/// <summary>One thing wrong with a spec: a stable ID, a message saying what is allowed, and where.</summary>
public sealed record SpecProblem(string Id, string Message, SourceSpan Span);
