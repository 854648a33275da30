using System.Text;

namespace OAuth2Generic;

/// <summary>
/// Makes text that came from a provider (or from a callback's query string) fit for a failure message and a log line:
/// known secrets replaced, control characters dropped (no forged log lines), and the length bounded.
/// </summary>
internal static class ProviderText
{
    private const int MaxLength = 300;

    public static string? Clean(string? text, params ReadOnlySpan<string?> secrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        foreach (var secret in secrets)
        {
            // A provider that echoes the code or the secret back in its error must not put it into our logs.
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, "[redacted]", StringComparison.Ordinal);
            }
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
