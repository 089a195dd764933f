using System.Text;

namespace IsdaDsl.Spec;

/// <summary>Turns experiment names and folder names into C# identifiers.</summary>
public static class Naming
{
    /// <summary>
    /// "fashion-mnist-resnet8-isda" → "FashionMnistResnet8Isda"; "wrn-28-10" → "Wrn28_10" (an underscore keeps
    /// numbers apart that a separator divided); never empty, never starts with a digit.
    /// </summary>
    public static string ToPascalCase(string text)
    {
        var builder = new StringBuilder();
        var upperNext = true;
        foreach (var c in text)
        {
            if (c < 128 && char.IsLetterOrDigit(c))
            {
                if (upperNext && char.IsDigit(c) && builder.Length > 0 && char.IsDigit(builder[builder.Length - 1]))
                    builder.Append('_');
                builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
                upperNext = false;
            }
            else
            {
                upperNext = true;
            }
        }
        if (builder.Length == 0 || char.IsDigit(builder[0]))
            builder.Insert(0, "Experiment");
        return builder.ToString();
    }
}
