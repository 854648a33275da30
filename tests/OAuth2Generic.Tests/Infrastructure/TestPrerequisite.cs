using Xunit.Sdk;

namespace OAuth2Generic.Tests;

/// <summary>
/// Something outside the .NET SDK that some tests need: Debian's <c>redis-server</c>, <c>chromium</c> and <c>npm</c>,
/// and the npm packages of <c>tests/oidc-provider</c> and <c>tests/aws-jwt-verify</c>. Every test that finds one missing
/// ends the same way: skipped, with the reason and the one command that provides it, so that plain <c>dotnet test</c> is
/// green on a machine with only the SDK; or, under CI (<c>CI=true</c>), failed, because CI and <c>./test.sh</c> install
/// everything first and a skip there would hide a test that never ran.
/// </summary>
internal sealed class TestPrerequisite
{
    /// <summary>The script at the repository's root that installs every prerequisite and runs all the tests.</summary>
    public const string TestScript = "./test.sh";

    private TestPrerequisite(string command) => Command = command;

    /// <summary>Debian's redis-server, which the tests of several app servers sharing one key ring start.</summary>
    public static TestPrerequisite RedisServer { get; } = DebianPackage("redis-server");

    /// <summary>Debian's chromium, the browser of the end-to-end tests.</summary>
    public static TestPrerequisite Chromium { get; } = DebianPackage("chromium");

    /// <summary>Debian's npm, with which the oidc-provider tests install their npm packages themselves.</summary>
    public static TestPrerequisite Npm { get; } = DebianPackage("npm");

    /// <summary>Debian's Node.js, for when the one inside Microsoft.Playwright's package is not next to the tests.</summary>
    public static TestPrerequisite Node { get; } = DebianPackage("nodejs");

    /// <summary>Debian's OmniAuth OAuth2 strategy (with Ruby), which signs in through cognito-emulator as GitLab does.</summary>
    public static TestPrerequisite RubyOmniAuth { get; } = DebianPackage("ruby-omniauth-oauth2");

    /// <summary>The npm packages of tests/openid-client (a certified OpenID relying party), pinned by its lockfile.</summary>
    public static TestPrerequisite OpenIdClientPackages { get; } = new("npm ci --prefix tests/openid-client");

    /// <summary>The npm packages of tests/oidc-provider, pinned by its lockfile.</summary>
    public static TestPrerequisite OidcProviderPackages { get; } = new("npm ci --prefix tests/oidc-provider");

    /// <summary>The npm packages of tests/aws-jwt-verify (AWS's verifier, for the differential test), pinned by its lockfile.</summary>
    public static TestPrerequisite AwsJwtVerifyPackages { get; } = new("npm ci --prefix tests/aws-jwt-verify");

    /// <summary>Whether a missing prerequisite fails the test instead of skipping it: under CI (<c>CI=true</c>).</summary>
    public static bool Required => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The one command that provides it on this machine.</summary>
    public string Command { get; }

    /// <summary>
    /// The exception that ends a test that cannot run because this is missing: a skip, or under CI a failure. Throw it:
    /// <c>throw TestPrerequisite.RedisServer.Missing("redis-server is not on the PATH.");</c>
    /// </summary>
    /// <param name="reason">What is missing, as one or more sentences.</param>
    public Exception Missing(string reason) => Missing(reason, Required);

    /// <summary>As <see cref="Missing(string)"/>, with whether it is required given (the rule's own tests).</summary>
    public Exception Missing(string reason, bool required) => required
        ? FailException.ForFailure($"{reason} Provide it with: {Command}. Under CI (CI=true) every test must run, so this fails instead of skipping ({TestScript} installs what the tests need).")
        : SkipException.ForSkip($"{reason} Provide it with: {Command}. (Or run {TestScript}: it installs what the tests need and runs every test.)");

    /// <summary>The apt-get command that installs a Debian package: as root, or through sudo when this user is not root.</summary>
    private static TestPrerequisite DebianPackage(string package)
    {
        var install = $"apt-get update && apt-get install -y {package}";
        if (Environment.IsPrivilegedProcess)
        {
            return new TestPrerequisite(install);
        }

        return new TestPrerequisite(OnPath("sudo")
            ? $"sudo apt-get update && sudo apt-get install -y {package}"
            : $"{install} (as root)");
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));
}
