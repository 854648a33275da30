using System.IO.Compression;
using System.Xml.Linq;
using OAuth2Generic.Tests.Documentation;

namespace OAuth2Generic.Tests.Packaging;

/// <summary>
/// The packages as users get them: both are packed (with package validation) into a temporary folder, checked for their
/// files and metadata, and used by a fresh app outside the repository that restores them by version, compiles the
/// README's quick starts and runs the README's xunit example: one complete sign-in against the emulator, all through the
/// packaged code. A file, a dependency or a public type missing from a package fails it.
/// </summary>
[Trait("Category", "Slow")]
public sealed class PackageConsumerTests
{
    // One budget for the whole test (two packs, a restore and build, a run: about 15 s here), far inside CI's limit.
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task A_fresh_app_signs_in_against_the_emulator_through_the_packed_packages()
    {
        var work = Directory.CreateTempSubdirectory("oauth2generic-consumer-");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(Budget);
        try
        {
            var feed = Path.Combine(work.FullName, "feed");
            // A version no earlier run restored, so no package cache can stand in for this run's packages.
            var suffix = $"consumer.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
            foreach (var project in new[] { "src/OAuth2Generic", "src/OAuth2Generic.Testing" })
            {
                var (exitCode, output) = await DotnetCli.RunAsync(
                    MarkdownCodeBlocks.RepositoryRoot, [], ["pack", project, "-c", "Release", "-o", feed, $"-p:VersionSuffix={suffix}"], deadline.Token);
                Assert.True(exitCode == 0, $"dotnet pack {project} failed:\n{output}");
            }

            var version = $"0.1.0-{suffix}";
            AssertPackage(feed, "OAuth2Generic", version, ("Microsoft.IdentityModel.Tokens", CentralVersions.Of("Microsoft.IdentityModel.Tokens")));
            // Exactly this version: the emulator uses the package's internals.
            AssertPackage(feed, "OAuth2Generic.Testing", version, ("OAuth2Generic", $"[{version}]"));

            var app = Path.Combine(work.FullName, "app");
            ConsumerProject.Write(app, feed, version);
            // NUGET_PACKAGES would override the consumer's own packages folder and leave this run's packages in the
            // machine's cache; the consumer's nuget.config names that cache as a fallback instead.
            string[] unset = ["NUGET_PACKAGES"];
            var build = await DotnetCli.RunAsync(app, unset, ["build"], deadline.Token);
            Assert.True(build.ExitCode == 0, $"The consumer app does not build against the packages:\n{build.Output}");
            var run = await DotnetCli.RunAsync(app, unset, ["run", "--no-build"], deadline.Token);
            Assert.True(run.ExitCode == 0, $"The README's example failed through the packages:\n{run.Output}");
            Assert.Contains("Total: 1, Errors: 0, Failed: 0, Skipped: 0, Not Run: 0", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // A leftover temporary folder must not hide the test's own outcome.
            }
        }
    }

    private static void AssertPackage(string feed, string id, string version, (string Id, string Version) dependency)
    {
        var path = Path.Combine(feed, $"{id}.{version}.nupkg");
        Assert.True(File.Exists(path), $"{id}.{version}.nupkg was not packed");
        Assert.True(File.Exists(Path.ChangeExtension(path, ".snupkg")), $"{id} has no symbol package");

        using var package = ZipFile.OpenRead(path);
        var entries = package.Entries.Select(entry => entry.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("README.md", entries);
        Assert.Contains($"lib/net10.0/{id}.dll", entries);
        Assert.Contains($"lib/net10.0/{id}.xml", entries);

        using var nuspecStream = package.Entries.Single(entry => entry.FullName == $"{id}.nuspec").Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(element => element.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(element => element.Name.LocalName == name)?.Value;
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        Assert.False(string.IsNullOrWhiteSpace(Value("tags")));
        Assert.Contains("## ", Value("releaseNotes") ?? "", StringComparison.Ordinal);
        var dependencies = metadata.Descendants().Where(element => element.Name.LocalName == "dependency")
            .Select(element => (Id: element.Attribute("id")?.Value, Version: element.Attribute("version")?.Value))
            .ToList();
        Assert.Contains(dependencies, found => found.Id == dependency.Id && found.Version == dependency.Version);
    }
}
