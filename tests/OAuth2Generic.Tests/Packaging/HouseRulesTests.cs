using System.Text.RegularExpressions;
using OAuth2Generic.Tests.Documentation;

namespace OAuth2Generic.Tests.Packaging;

/// <summary>
/// The rules of the layout (docs/architecture.md, "Where new code goes"), checked on the source tree so that they hold
/// after the next change too: no source file over 300 lines, one type per file, nothing outside <c>Cognito/</c> naming a
/// Cognito type, and every path the documents name (the architecture page, the README's repository table) exists.
/// </summary>
public sealed partial class HouseRulesTests
{
    private const int MaxLines = 300;

    private static readonly string Source = Path.Combine(MarkdownCodeBlocks.RepositoryRoot, "src");
    private static readonly string Package = Path.Combine(Source, "OAuth2Generic");
    private static readonly string CognitoFolder = Path.Combine(Package, "Cognito") + Path.DirectorySeparatorChar;

    [Fact]
    public void No_source_file_is_over_300_lines()
    {
        var over = SourceFiles(Source)
            .Select(file => (file, lines: File.ReadAllLines(file).Length))
            .Where(entry => entry.lines > MaxLines)
            .Select(entry => $"{Relative(entry.file)} ({entry.lines} lines)")
            .ToList();
        Assert.True(over.Count == 0, $"Over {MaxLines} lines: split by role. {string.Join(", ", over)}");
    }

    [Fact]
    public void Every_source_file_declares_one_type()
    {
        var crowded = SourceFiles(Source)
            .Select(file => (file, types: TopLevelTypes(File.ReadAllText(file))))
            .Where(entry => entry.types.Count > 1)
            .Select(entry => $"{Relative(entry.file)} ({string.Join(", ", entry.types)})")
            .ToList();
        Assert.True(crowded.Count == 0, $"More than one type in a file: {string.Join("; ", crowded)}");
    }

    [Fact]
    public void Nothing_outside_Cognito_names_a_Cognito_type()
    {
        var cognitoTypes = SourceFiles(CognitoFolder).SelectMany(file => TopLevelTypes(File.ReadAllText(file))).ToHashSet();
        Assert.Contains("CognitoHandler", cognitoTypes);

        var named = new List<string>();
        foreach (var file in SourceFiles(Package).Where(file => !file.StartsWith(CognitoFolder, StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            if (text.Contains("OAuth2Generic.Cognito", StringComparison.Ordinal))
            {
                named.Add($"{Relative(file)} (OAuth2Generic.Cognito)");
            }

            named.AddRange(Identifier().Matches(text).Select(match => match.Value).Where(cognitoTypes.Contains).Distinct()
                .Select(type => $"{Relative(file)} ({type})"));
        }

        Assert.True(named.Count == 0, $"Generic code names Cognito's types (move the code into Cognito/, or give the generic code a hook): {string.Join(", ", named)}");
    }

    public static TheoryData<string> Documents() =>
        [.. Directory.EnumerateFiles(Path.Combine(MarkdownCodeBlocks.RepositoryRoot, "docs"), "*.md").Select(Relative).Order(), "README.md"];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_path_a_document_names_exists(string document)
    {
        var text = File.ReadAllText(Path.Combine(MarkdownCodeBlocks.RepositoryRoot, document));
        var files = Directory.EnumerateFiles(MarkdownCodeBlocks.RepositoryRoot, "*", SearchOption.AllDirectories)
            .Where(file => !IsBuildOutput(file))
            .Select(Path.GetFileName)
            .ToHashSet(StringComparer.Ordinal);

        var missing = new List<string>();
        foreach (var name in CodeSpan().Matches(text).Select(match => match.Groups[1].Value).Distinct())
        {
            if (RepositoryPath().IsMatch(name))
            {
                var path = Path.Combine(MarkdownCodeBlocks.RepositoryRoot, name.TrimEnd('/'));
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    missing.Add(name);
                }
            }
            else if (SourceFileName().IsMatch(name) && !files.Contains(name))
            {
                missing.Add(name);
            }
        }

        Assert.True(missing.Count == 0, $"{document} names paths that do not exist: {string.Join(", ", missing)}");
    }

    // The types declared at the top of a file (not nested), partial declarations counted once.
    private static List<string> TopLevelTypes(string text) =>
        TopLevelType().Matches(text).Select(match => match.Groups["name"].Value).Distinct().ToList();

    private static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Where(file => !IsBuildOutput(file));

    private static bool IsBuildOutput(string file)
    {
        var relative = Relative(file);
        return relative.Split('/').Any(part => part is "bin" or "obj" or "node_modules" or ".git" or "BenchmarkDotNet.Artifacts");
    }

    private static string Relative(string file) => Path.GetRelativePath(MarkdownCodeBlocks.RepositoryRoot, file).Replace('\\', '/');

    [GeneratedRegex(@"^(?:(?:public|internal|file|static|sealed|abstract|partial|readonly|ref)\s+)*(?:class|interface|enum|record(?:\s+struct|\s+class)?|struct)\s+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();

    [GeneratedRegex(@"\b[A-Z]\w*\b")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"`([^`\s]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^(src|tests|samples|benchmarks|docs)/[\w./-]+$")]
    private static partial Regex RepositoryPath();

    [GeneratedRegex(@"^[\w.]+\.cs$")]
    private static partial Regex SourceFileName();
}
