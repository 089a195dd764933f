namespace IsdaDsl.Experiments.Commands;

/// <summary>Warnings of a command (a run folder it left out): plain lines, never wrapped, like its errors.</summary>
internal static class Warnings
{
    public static Action<string> To(TextWriter writer) => message => writer.WriteLine($"warning: {message}");
}
