using System.Text;

namespace OAuth2Generic.Tests.Documentation;

/// <summary>A line diff for failure messages: <c>-</c> lines only in the file, <c>+</c> lines only in the expected text.</summary>
internal static class TextDiff
{
    /// <summary>The differing lines with one line of context around each change, or an empty string when equal.</summary>
    public static string Describe(string actual, string expected, int maxLines = 80)
    {
        var a = actual.Split('\n');
        var b = expected.Split('\n');

        // Longest common subsequence over lines; the files are a few hundred lines at most.
        var common = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                common[i, j] = a[i] == b[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var lines = new List<(char Mark, string Text)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add((' ', a[x++]));
                y++;
            }
            else if (x < a.Length && (y == b.Length || common[x + 1, y] >= common[x, y + 1]))
            {
                lines.Add(('-', a[x++]));
            }
            else
            {
                lines.Add(('+', b[y++]));
            }
        }

        var text = new StringBuilder();
        var shown = 0;
        for (var index = 0; index < lines.Count && shown < maxLines; index++)
        {
            var nearChange = lines.Skip(Math.Max(0, index - 1)).Take(3).Any(line => line.Mark != ' ');
            if (lines[index].Mark != ' ' || nearChange)
            {
                text.Append(lines[index].Mark).Append(' ').Append(lines[index].Text).Append('\n');
                shown++;
            }
            else if (text.Length > 0 && !text.ToString().EndsWith("…\n", StringComparison.Ordinal))
            {
                text.Append("…\n");
            }
        }

        return lines.Any(line => line.Mark != ' ') ? text.ToString() : string.Empty;
    }
}
