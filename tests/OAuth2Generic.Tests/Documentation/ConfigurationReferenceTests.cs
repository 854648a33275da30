namespace OAuth2Generic.Tests.Documentation;

/// <summary>
/// docs/configuration.md says what the options are: a row for every option, with the key it binds from, its Ruby key,
/// its real default and its XML summary. <c>UPDATE_DOCS=1</c> rewrites the generated part instead of failing.
/// </summary>
public sealed class ConfigurationReferenceTests
{
    private const string File = "docs/configuration.md";

    [Fact]
    public void The_configuration_reference_agrees_with_the_options_their_XML_docs_defaults_and_binding()
    {
        var path = Path.Combine(MarkdownCodeBlocks.RepositoryRoot, File);
        var content = System.IO.File.ReadAllText(path).ReplaceLineEndings("\n");
        var begin = content.IndexOf(ConfigurationReference.Begin, StringComparison.Ordinal);
        var end = content.IndexOf(ConfigurationReference.End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"{File} must hold the markers {ConfigurationReference.Begin} and {ConfigurationReference.End}.");
        begin += ConfigurationReference.Begin.Length;
        var expected = ConfigurationReference.Generate();

        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
        {
            content = content[..begin] + expected + content[end..];
            System.IO.File.WriteAllText(path, content);
        }

        var diff = TextDiff.Describe(content[begin..end], expected);
        Assert.True(
            diff.Length == 0,
            $"{File} disagrees with the options ('-' lines are in the file, '+' lines are what the options say). " +
            $"Rewrite it with: cd tests/OAuth2Generic.Tests && UPDATE_DOCS=1 dotnet run -- -class {typeof(ConfigurationReferenceTests).FullName}\n{diff}");
    }

    [Fact]
    public void A_changed_default_and_a_missing_row_show_in_the_diff()
    {
        var expected = "| `A` | `1` |\n| `B` | `2` |\n| `C` | `3` |\n";
        var actual = "| `A` | `1` |\n| `B` | `5` |\n";

        var diff = TextDiff.Describe(actual, expected);

        Assert.Equal("  | `A` | `1` |\n- | `B` | `5` |\n+ | `B` | `2` |\n+ | `C` | `3` |\n  \n", diff);
    }
}
