using System;
using System.Text;

namespace IsdaDsl.Generator.Emission;

/// <summary>Writes lines at the current indentation; <see cref="Block"/> opens a brace scope closed on dispose.</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _builder = new();
    private int _depth;

    public IndentedWriter Line(string text = "")
    {
        if (text.Length > 0)
            _builder.Append(' ', _depth * 4).Append(text);
        _builder.Append('\n');
        return this;
    }

    public IDisposable Block(string header, string close = "}")
    {
        Line(header).Line("{");
        _depth++;
        return new Closer(this, close);
    }

    public override string ToString() => _builder.ToString();

    private sealed class Closer(IndentedWriter writer, string close) : IDisposable
    {
        public void Dispose()
        {
            writer._depth--;
            writer.Line(close);
        }
    }
}
