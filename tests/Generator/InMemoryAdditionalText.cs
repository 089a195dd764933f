using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace IsdaDsl.Tests.Generator;

/// <summary>A spec file handed to the generator without touching the disk.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    public override string Path => path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
}
