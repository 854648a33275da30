using System.ComponentModel;
using System.Diagnostics;

namespace OAuth2Generic.Tests;

/// <summary>
/// A folder of <c>tests/</c> holding a Node.js script and the npm packages it needs, pinned by its lockfile
/// (<c>tests/oidc-provider</c>, <c>tests/aws-jwt-verify</c>, <c>tests/openid-client</c>): found from the test assembly's folder upwards, its packages
/// installed with <c>npm ci</c> by the first test that needs them when npm is on the PATH, and its scripts run by
/// <see cref="NodeExecutable"/>. A test that cannot have them is skipped with the command that would provide them
/// (failed under CI, <see cref="TestPrerequisite"/>).
/// </summary>
internal sealed class NpmFolder
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    // One npm ci at a time: tests that need a folder at once must not install into the same node_modules together.
    private static readonly SemaphoreSlim Installing = new(1, 1);

    private readonly string _name;
    private readonly string _script;
    private readonly string _package;
    private readonly TestPrerequisite _packages;

    private NpmFolder(string name, string script, string package, TestPrerequisite packages)
    {
        _name = name;
        _script = script;
        _package = package;
        _packages = packages;
    }

    /// <summary>tests/oidc-provider: an OpenID Certified authorization server (server.mjs).</summary>
    public static NpmFolder OidcProvider { get; } = new("oidc-provider", "server.mjs", "oidc-provider", TestPrerequisite.OidcProviderPackages);

    /// <summary>tests/aws-jwt-verify: AWS's verifier of Cognito tokens (verify.mjs).</summary>
    public static NpmFolder AwsJwtVerify { get; } = new("aws-jwt-verify", "verify.mjs", "aws-jwt-verify", TestPrerequisite.AwsJwtVerifyPackages);

    /// <summary>tests/openid-client: a certified OpenID relying party signing in through cognito-emulator (sign_in.mjs).</summary>
    public static NpmFolder OpenIdClient { get; } = new("openid-client", "sign_in.mjs", "openid-client", TestPrerequisite.OpenIdClientPackages);

    /// <summary>The folder holding the script and its node_modules, found from the test assembly's folder upwards.</summary>
    public string Directory
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "tests", _name);
                if (File.Exists(Path.Combine(candidate, _script)))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException($"No tests/{_name}/{_script} above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>
    /// The Node.js that ships inside Microsoft.Playwright's package (a current release, copied next to the tests for this
    /// platform), else the <c>node</c> on the PATH.
    /// </summary>
    public static string NodeExecutable()
    {
        var bundled = new DirectoryInfo(Path.Combine(AppContext.BaseDirectory, ".playwright", "node"));
        return bundled.Exists
            && bundled.EnumerateFiles(OperatingSystem.IsWindows() ? "node.exe" : "node", SearchOption.AllDirectories).FirstOrDefault() is { } node
            ? node.FullName
            : "node";
    }

    /// <summary>Installs the folder's npm packages (<c>npm ci</c>, from its lockfile) when they are not there yet.</summary>
    /// <returns>The folder.</returns>
    public async Task<string> InstallAsync()
    {
        var directory = Directory;
        await Installing.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (System.IO.Directory.Exists(Path.Combine(directory, "node_modules", _package)))
            {
                return directory;
            }

            var start = new ProcessStartInfo("npm")
            {
                ArgumentList = { "ci", "--no-audit", "--no-fund" },
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            Process npm;
            try
            {
                npm = Process.Start(start)!;
            }
            catch (Win32Exception)
            {
                throw TestPrerequisite.Npm.Missing(
                    $"{_name}'s npm packages are not installed in {directory}, and there is no npm on the PATH to install them (this test runs 'npm ci' itself once there is).");
            }

            using (npm)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
                timeout.CancelAfter(InstallTimeout);
                var output = npm.StandardOutput.ReadToEndAsync(timeout.Token);
                var errors = npm.StandardError.ReadToEndAsync(timeout.Token);
                try
                {
                    await npm.WaitForExitAsync(timeout.Token);
                    await Task.WhenAll(output, errors);
                }
                catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
                {
                    npm.Kill(entireProcessTree: true);
                    throw _packages.Missing($"'npm ci' in {directory} did not finish within {InstallTimeout.TotalMinutes} minutes.");
                }

                if (npm.ExitCode != 0)
                {
                    var said = string.Join(Environment.NewLine, (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(5));
                    throw _packages.Missing($"'npm ci' in {directory} failed with exit code {npm.ExitCode}: {said}");
                }
            }

            return directory;
        }
        finally
        {
            Installing.Release();
        }
    }
}
