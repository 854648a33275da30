using System.Text;

namespace OAuth2Generic;

/// <summary>
/// Makes text that came from a provider (or from a callback's query string) fit for a failure message and a log line:
/// the secrets the request sent replaced, control characters dropped (no forged log lines), and the length bounded.
/// </summary>
internal static class ProviderText
{
    private const int MaxLength = 300;

    /// <summary>The cleaned text, or null when there is none.</summary>
    /// <param name="text">The provider's text.</param>
    /// <param name="secrets">What the request that received the text sent, if any; a provider that echoes it back
    /// must not put it into our messages.</param>
    public static string? Clean(string? text, SentSecrets? secrets = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (secrets is not null)
        {
            text = secrets.Redact(text);
        }

        var builder = new StringBuilder(Math.Min(text.Length, MaxLength + 1));
        foreach (var character in text)
        {
            if (builder.Length == MaxLength)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(character) ? ' ' : character);
        }

        return builder.ToString();
    }
}
