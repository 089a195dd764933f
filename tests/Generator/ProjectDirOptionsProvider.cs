using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace IsdaDsl.Tests.Generator;

/// <summary>Supplies build_property.projectdir, as MSBuild does through the props' CompilerVisibleProperty.</summary>
internal sealed class ProjectDirOptionsProvider(string projectDir) : AnalyzerConfigOptionsProvider
{
    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(projectDir);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

    private sealed class Options(string? projectDir) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(null);

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
        {
            value = key == "build_property.projectdir" ? projectDir : null;
            return value is not null;
        }
    }
}
