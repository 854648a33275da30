using System.Runtime.InteropServices;
using OAuth2Generic.Tests.Documentation;

namespace OAuth2Generic.Tests.Tool;

/// <summary>
/// The <c>cognito-emulator</c> tool as a user installs it, once for all the tests of a class: <c>dotnet pack</c> into a
/// temporary folder, then <c>dotnet tool install --tool-path &lt;tmp&gt; --add-source &lt;folder&gt;</c>. The version has a
/// suffix no earlier run used, so no package cache can stand in for this run's package.
/// </summary>
public sealed class InstalledTool : IAsyncLifetime
{
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(6);

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("cognito-emulator-tool-");

    /// <summary>The installed command, <c>{tool path}/cognito-emulator</c>.</summary>
    public string Command { get; private set; } = "";

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>The .NET the tool's launcher runs on: the one running these tests.</summary>
    public static string DotnetRoot => Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    /// <summary>A file of the repository, such as <c>samples/cognito-emulator/gitlab.json</c>.</summary>
    public static string RepositoryFile(string path) => Path.Combine(MarkdownCodeBlocks.RepositoryRoot, path);

    public async ValueTask InitializeAsync()
    {
        using var deadline = new CancellationTokenSource(Budget);
        var feed = Path.Combine(_work.FullName, "feed");
        var suffix = $"tool.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        // The tests' build built the tool too, in the tests' configuration: packing it needs no second build (a Release build
        // of the three projects costs a minute on two cores).
        var pack = await DotnetCli.RunAsync(
            MarkdownCodeBlocks.RepositoryRoot, [], ["pack", "src/OAuth2Generic.CognitoEmulator", "--no-build", "-c", Configuration, "-o", feed, $"-p:VersionSuffix={suffix}"], deadline.Token);
        Assert.True(pack.ExitCode == 0, $"dotnet pack of the tool failed:\n{pack.Output}");

        // Run from the temporary folder, so that the repository's nuget.config plays no part: the user's machine has none.
        var tools = Path.Combine(_work.FullName, "tools");
        var install = await DotnetCli.RunAsync(
            _work.FullName, [], ["tool", "install", "OAuth2Generic.CognitoEmulator", "--tool-path", tools, "--add-source", feed, "--version", $"0.1.0-{suffix}"], deadline.Token);
        Assert.True(install.ExitCode == 0, $"dotnet tool install failed:\n{install.Output}");
        Command = Path.Combine(tools, OperatingSystem.IsWindows() ? "cognito-emulator.exe" : "cognito-emulator");
        Assert.True(File.Exists(Command), $"dotnet tool install made no {Command}:\n{install.Output}");
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            _work.Delete(recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary folder must not hide the tests' own outcome.
        }

        return ValueTask.CompletedTask;
    }
}
