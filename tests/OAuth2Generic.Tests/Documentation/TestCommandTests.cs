namespace OAuth2Generic.Tests.Documentation;

/// <summary>
/// The README's one command for every test is what CI runs, and what a skipped test's reason points to: a newcomer who
/// follows the README runs what CI runs.
/// </summary>
public sealed class TestCommandTests
{
    [Fact]
    public void The_READMEs_full_test_command_is_the_one_CI_runs_and_the_one_skipped_tests_name()
    {
        var block = Assert.Single(MarkdownCodeBlocks.Read("README.md"), block => block.Attribute("kind") == "test-commands");
        var command = block.Text.Split('\n')[0].Split('#')[0].Trim();
        var ci = File.ReadAllText(Path.Combine(MarkdownCodeBlocks.RepositoryRoot, ".ci", "run")).ReplaceLineEndings("\n");

        Assert.Equal("./test.sh", command);
        Assert.Contains($"\n{command} 2>&1 | tee \"$log\"\n", ci, StringComparison.Ordinal);
        Assert.Equal(TestPrerequisite.TestScript, command);
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(Path.Combine(MarkdownCodeBlocks.RepositoryRoot, "test.sh")).HasFlag(UnixFileMode.UserExecute), "test.sh is not executable");
        }
    }
}
