namespace OAuth2Generic.Tests.Documentation;

/// <summary>
/// A fenced code block of a Markdown file: its language and the words after it in the info string
/// (<c>```json complete section=Authentication:Cognito handler=cognito</c>), and where it starts, for messages.
/// </summary>
/// <param name="File">The file, relative to the repository root.</param>
/// <param name="Line">The 1-based line of the block's first code line.</param>
/// <param name="Language">The first word of the info string (<c>csharp</c>, <c>json</c>, …).</param>
/// <param name="Words">The words after the language: flags such as <c>complete</c>, and <c>name=value</c> attributes.</param>
/// <param name="Text">The code, with the fence's indentation removed.</param>
internal sealed record MarkdownCodeBlock(string File, int Line, string Language, IReadOnlyList<string> Words, string Text)
{
    /// <summary>Whether the block claims to be a complete example (the word <c>complete</c> after the language).</summary>
    public bool IsComplete => Words.Contains("complete", StringComparer.Ordinal);

    /// <summary>The value of a <c>name=value</c> word, or null.</summary>
    public string? Attribute(string name) =>
        Words.Where(word => word.StartsWith(name + "=", StringComparison.Ordinal)).Select(word => word[(name.Length + 1)..]).FirstOrDefault();

    /// <summary>Where the block is, as <c>file:line</c>, for failure messages.</summary>
    public string Location => $"{File}:{Line}";
}
