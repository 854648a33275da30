using System.Text;
using System.Text.Json;

namespace OAuth2Generic;

/// <summary>
/// A provider's error as RFC 6749 §4.1.2.1 and §5.2 describe it: <c>error</c>, <c>error_description</c> and
/// <c>error_uri</c>, each cleaned for a failure message.
/// </summary>
/// <param name="Error">The error code, or null when the provider sent none.</param>
/// <param name="Description">The human-readable description, if any.</param>
/// <param name="Uri">A page about the error, if any.</param>
internal readonly record struct ProviderError(string? Error, string? Description, string? Uri)
{
    /// <summary>
    /// Reads the error members of an answer's body, JSON or a form as <see cref="ProviderDocument"/> reads it; an empty
    /// error when the body is not an object.
    /// </summary>
    /// <param name="answer">The answer.</param>
    /// <param name="secrets">What the request sent, which must not reach the message if the provider echoes it.</param>
    public static ProviderError Read(ProviderAnswer answer, SentSecrets? secrets)
    {
        using var document = ProviderDocument.TryParse(answer.Body, answer.ContentType);
        return document?.RootElement is { ValueKind: JsonValueKind.Object } root ? FromJson(root, secrets) : default;
    }

    /// <summary>Reads the error members of a parsed JSON object; an empty string counts as absent.</summary>
    /// <param name="root">The JSON object.</param>
    /// <param name="secrets">What the request sent, which must not reach the message if the provider echoes it.</param>
    public static ProviderError FromJson(JsonElement root, SentSecrets? secrets) =>
        new(Member(root, "error", secrets), Member(root, "error_description", secrets), Member(root, "error_uri", secrets));

    /// <summary>
    /// Appends <c> error "code" (description; see uri)</c>, or nothing when there is no error code.
    /// </summary>
    public void AppendTo(StringBuilder message)
    {
        if (Error is null)
        {
            return;
        }

        message.Append(" error \"").Append(Error).Append('"');
        if (Description is not null || Uri is not null)
        {
            message.Append(" (").Append(Description);
            if (Uri is not null)
            {
                message.Append(Description is null ? "see " : "; see ").Append(Uri);
            }

            message.Append(')');
        }
    }

    private static string? Member(JsonElement root, string name, SentSecrets? secrets) =>
        ProviderText.Clean(ProviderJson.StringMember(root, name), secrets);
}
