using Xunit.Sdk;

namespace OAuth2Generic.Tests.TestSetup;

/// <summary>
/// A test whose prerequisite outside the .NET SDK is missing is skipped with the reason and the command that provides
/// it, and under CI (<c>CI=true</c>) fails instead: the same rule for redis-server, Chromium and npm.
/// </summary>
public sealed class TestPrerequisiteTests
{
    [Fact]
    public void Outside_CI_a_missing_prerequisite_skips_with_the_reason_and_the_command()
    {
        var missing = TestPrerequisite.RedisServer.Missing("redis-server is not on the PATH.", required: false);

        var skip = Assert.IsType<SkipException>(missing);
        Assert.Contains("redis-server is not on the PATH. Provide it with: ", skip.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y redis-server", skip.Message, StringComparison.Ordinal);
        Assert.Contains("./test.sh", skip.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_CI_a_missing_prerequisite_fails_with_the_reason_and_the_command()
    {
        var missing = TestPrerequisite.OidcProviderPackages.Missing("oidc-provider's npm packages are not installed.", required: true);

        var failure = Assert.IsType<FailException>(missing);
        Assert.Contains("oidc-provider's npm packages are not installed. Provide it with: npm ci --prefix tests/oidc-provider.", failure.Message, StringComparison.Ordinal);
        Assert.Contains("CI=true", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_Debian_packages_are_installed_with_apt_get_as_root_or_else_through_sudo()
    {
        (TestPrerequisite Prerequisite, string Package)[] packages =
            [(TestPrerequisite.RedisServer, "redis-server"), (TestPrerequisite.Chromium, "chromium"), (TestPrerequisite.Npm, "npm")];

        Assert.All(packages, debian =>
        {
            Assert.Contains($"apt-get update && ", debian.Prerequisite.Command, StringComparison.Ordinal);
            Assert.EndsWith($"apt-get install -y {debian.Package}", debian.Prerequisite.Command.Replace(" (as root)", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Equal(!Environment.IsPrivilegedProcess, debian.Prerequisite.Command.Contains("sudo", StringComparison.Ordinal) || debian.Prerequisite.Command.EndsWith("(as root)", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task A_redis_server_that_is_not_on_the_PATH_ends_the_test_by_the_rule()
    {
        // Caught by hand: xunit's Assert.Throws lets a skip through to end this test too.
        Exception? missing = null;
        try
        {
            await using var redis = await RedisServer.StartAsync("redis-server-that-is-not-installed");
        }
        catch (Exception exception)
        {
            missing = exception;
        }

        Assert.IsType(TestPrerequisite.Required ? typeof(FailException) : typeof(SkipException), missing);
        Assert.Contains("redis-server-that-is-not-installed is not on the PATH. Provide it with: ", missing!.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y redis-server", missing.Message, StringComparison.Ordinal);
    }
}
