using System.Xml.Linq;
using OAuth2Generic.Tests.Documentation;

namespace OAuth2Generic.Tests.Packaging;

/// <summary>The package versions the repository pins in <c>Directory.Packages.props</c>.</summary>
internal static class CentralVersions
{
    private static readonly Lazy<Dictionary<string, string>> Versions = new(() =>
        XDocument.Load(Path.Combine(MarkdownCodeBlocks.RepositoryRoot, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .ToDictionary(element => element.Attribute("Include")!.Value, element => element.Attribute("Version")!.Value, StringComparer.OrdinalIgnoreCase));

    public static string Of(string package)
        => Versions.Value.TryGetValue(package, out var version) ? version : throw new InvalidOperationException($"Directory.Packages.props pins no {package}.");
}
