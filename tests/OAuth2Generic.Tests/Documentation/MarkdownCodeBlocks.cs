namespace OAuth2Generic.Tests.Documentation;

/// <summary>Finds the documentation files of the repository and reads their fenced code blocks.</summary>
internal static class MarkdownCodeBlocks
{
    /// <summary>The repository root: the first folder above the test's output that holds the solution.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>README.md and every Markdown file under docs/, relative to the root, in a stable order.</summary>
    public static IReadOnlyList<string> DocumentationFiles() =>
        [
            "README.md",
            .. Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "docs"), "*.md", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(RepositoryRoot, path).Replace('\\', '/'))
                .Order(StringComparer.Ordinal),
        ];

    /// <summary>The fenced code blocks of one file (backtick or tilde fences, indented or not, as in list items).</summary>
    public static IReadOnlyList<MarkdownCodeBlock> Read(string relativePath)
    {
        var lines = File.ReadAllText(Path.Combine(RepositoryRoot, relativePath)).ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<MarkdownCodeBlock>();
        for (var index = 0; index < lines.Length; index++)
        {
            var opening = lines[index];
            var indent = opening.Length - opening.TrimStart(' ').Length;
            var trimmed = opening.TrimStart(' ');
            var fenceLength = trimmed.Length - trimmed.TrimStart(trimmed.FirstOrDefault()).Length;
            if (fenceLength < 3 || trimmed[0] is not ('`' or '~'))
            {
                continue;
            }

            var fence = trimmed[..fenceLength];
            var info = trimmed[fenceLength..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var code = new List<string>();
            var start = index + 1;
            for (index++; index < lines.Length && !lines[index].TrimStart(' ').StartsWith(fence, StringComparison.Ordinal); index++)
            {
                var line = lines[index];
                code.Add(line.Length >= indent && string.IsNullOrWhiteSpace(line[..indent]) ? line[indent..] : line.TrimStart(' '));
            }

            blocks.Add(new MarkdownCodeBlock(
                relativePath, start + 1, info.FirstOrDefault() ?? string.Empty, info.Skip(1).ToArray(), string.Join('\n', code)));
        }

        return blocks;
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "OAuth2Generic.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No OAuth2Generic.sln above {AppContext.BaseDirectory}.");
    }
}
