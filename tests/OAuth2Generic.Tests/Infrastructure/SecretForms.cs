using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OAuth2Generic.Tests;

/// <summary>
/// The forms in which a secret the package sent can come back from a provider that echoes it: as it is, form-encoded
/// and percent-encoded (upper- and lower-case hex, and as ASP.NET Core's query helpers write a query value), JSON-escaped,
/// and inside a Basic credential. Written here on their own, apart from the package's redaction, so that a test of the
/// redaction does not use the redaction's own code.
/// </summary>
internal static class SecretForms
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlyList<string> Of(string secret)
    {
        var escaped = Uri.EscapeDataString(secret);
        return new[]
        {
            secret,
            escaped,
            escaped.ToLowerInvariant(),
            escaped.Replace("%20", "+", StringComparison.Ordinal),
            WebUtility.UrlEncode(secret),
            UrlEncoder.Default.Encode(secret),
            JsonSerializer.Serialize(secret)[1..^1],
            JsonSerializer.Serialize(secret, Relaxed)[1..^1],
        }.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The Basic credential of RFC 6749 §2.3.1, as the package sends it, and as clients that skip its form-encoding send it.</summary>
    public static IReadOnlyList<string> OfBasicCredentials(string clientId, string clientSecret) =>
    [
        Convert.ToBase64String(Encoding.UTF8.GetBytes(FormEncode(clientId) + ":" + FormEncode(clientSecret))),
        Convert.ToBase64String(Encoding.UTF8.GetBytes(clientId + ":" + clientSecret)),
    ];

    /// <summary>Asserts that no form of any of the secrets is in the text.</summary>
    public static void AssertNoneIn(string text, IEnumerable<string> secrets)
    {
        foreach (var secret in secrets)
        {
            foreach (var form in Of(secret))
            {
                Assert.False(
                    text.Contains(form, StringComparison.OrdinalIgnoreCase),
                    $"A form of a secret ('{form}') is in: {text}");
            }
        }
    }

    private static string FormEncode(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);
}
