using IsdaDsl.Spec;

namespace IsdaDsl.Tests.Generator;

/// <summary>`extends` paths as text: one file however it is spelt, on Unix and Windows alike.</summary>
public sealed class SpecPathTests
{
    [Theory]
    [InlineData("/proj/a/../base/./x.yaml", "/proj/base/x.yaml")]
    [InlineData("C:\\proj\\cifar\\..\\base\\x.yaml", "C:/proj/base/x.yaml")]
    [InlineData("C:/..", "C:")]
    [InlineData("/../x.yaml", "/x.yaml")]
    [InlineData("a/../../x.yaml", "../x.yaml")]
    [InlineData("a//b/", "a/b")]
    public void Normalise_folds_separators_dots_and_parents(string path, string normalised)
    {
        Assert.Equal(normalised, SpecPath.Normalise(path));
    }

    [Theory]
    [InlineData("/proj/cifar/spec.yaml", "../base/x.yaml", "/proj/base/x.yaml")]
    [InlineData("C:\\proj\\spec.yaml", "base\\x.yaml", "C:/proj/base/x.yaml")]
    [InlineData("/proj/spec.yaml", "/elsewhere/x.yaml", "/elsewhere/x.yaml")]
    [InlineData("spec.yaml", "x.yaml", "x.yaml")]
    public void Resolve_reads_a_reference_from_the_file_s_folder_unless_rooted(string from, string reference, string resolved)
    {
        Assert.Equal(resolved, SpecPath.Resolve(from, reference));
    }

    [Theory]
    [InlineData("/proj/cifar/spec.yaml", "/proj/base/x.yaml", "../base/x.yaml")]
    [InlineData("/proj/spec.yaml", "/proj/base/x.yaml", "base/x.yaml")]
    [InlineData("/proj/spec.yaml", "/proj/spec.yaml", "spec.yaml")]
    [InlineData("C:/proj/spec.yaml", "D:/base/x.yaml", "D:/base/x.yaml")]
    public void RelativeTo_says_how_a_file_is_reached_from_another_s_folder(string from, string target, string relative)
    {
        Assert.Equal(relative, SpecPath.RelativeTo(from, target));
    }

    [Theory]
    [InlineData("base/x.yaml", true)]
    [InlineData("cifar/base/deeper/x.yaml", true)]
    [InlineData("base.yaml", false)]
    [InlineData("bases/x.yaml", false)]
    [InlineData("cifar/x.yaml", false)]
    public void A_file_in_a_folder_named_base_is_a_base(string relativePath, bool isBase)
    {
        Assert.Equal(isBase, SpecPath.IsInBaseFolder(relativePath));
    }
}
