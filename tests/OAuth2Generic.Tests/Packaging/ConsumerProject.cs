using System.Text;
using OAuth2Generic.Tests.Documentation;

namespace OAuth2Generic.Tests.Packaging;

/// <summary>
/// A fresh app outside the repository that uses only the packed packages: a <c>nuget.config</c> with the folder they were
/// packed into and the public source, an xunit v3 project that references them by version, the README's xunit example
/// as a test, and the README's quick starts compiled (not run) so that every public type they use must be in the package.
/// </summary>
internal static class ConsumerProject
{
    public static void Write(string directory, string feed, string version)
    {
        Directory.CreateDirectory(directory);
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

        // A packages folder of its own, so that this run's packages are the ones restored; the machine's folder is a
        // fallback for everything else (xunit, IdentityModel), so the restore does not download them again.
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(directory, "packages")}" />
              </config>
              <fallbackPackageFolders>
                <clear />
                <add key="machine" value="{machinePackages}" />
              </fallbackPackageFolders>
              <packageSources>
                <clear />
                <add key="packed" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Exe</OutputType>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <NoWarn>$(NoWarn);CS1998</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="OAuth2Generic" Version="{version}" />
                <PackageReference Include="OAuth2Generic.Testing" Version="{version}" />
                <PackageReference Include="xunit.v3" Version="{CentralVersions.Of("xunit.v3")}" />
              </ItemGroup>
            </Project>
            """);

        var readme = MarkdownCodeBlocks.Read("README.md");
        var example = readme.Single(block => block.IsComplete && block.Attribute("kind") == "xunit");
        File.WriteAllText(Path.Combine(directory, "ReadmeExample.cs"), example.Text);
        var quickStarts = readme.Where(block => block.IsComplete && block.Language == "csharp" && block.Attribute("kind") is null).ToList();
        for (var i = 0; i < quickStarts.Count; i++)
        {
            File.WriteAllText(Path.Combine(directory, $"ReadmeProgram{i + 1}.cs"), AsMethod(quickStarts[i], $"ReadmeProgram{i + 1}"));
        }
    }

    /// <summary>A top-level <c>Program.cs</c> as a method of its own class, so that several compile in one project.</summary>
    private static string AsMethod(MarkdownCodeBlock block, string className)
    {
        var lines = block.Text.ReplaceLineEndings("\n").Split('\n');
        var usings = lines.TakeWhile(line => line.StartsWith("using ", StringComparison.Ordinal) || line.Length == 0).ToList();
        var text = new StringBuilder();
        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"// {block.Location}");
        foreach (var line in usings)
        {
            text.AppendLine(line);
        }

        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"internal static class {className}");
        text.AppendLine("{");
        text.AppendLine("    public static async Task RunAsync(string[] args)");
        text.AppendLine("    {");

        // Types declared after the top-level statements (a SignalR hub) stay types, after the method's class.
        var statements = lines.Skip(usings.Count).ToList();
        var types = statements.FindIndex(line => line.StartsWith("public ", StringComparison.Ordinal) || line.StartsWith("internal ", StringComparison.Ordinal));
        foreach (var line in types < 0 ? statements : statements[..types])
        {
            text.AppendLine("        " + line);
        }

        text.AppendLine("    }");
        text.AppendLine("}");
        foreach (var line in types < 0 ? [] : statements[types..])
        {
            text.AppendLine(line);
        }

        return text.ToString();
    }
}
