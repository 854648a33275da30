using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// Who is calling the token or revocation endpoint: a confidential client by <c>client_secret_basic</c> or
/// <c>client_secret_post</c>, or a public client by <c>client_id</c> alone. Cognito accepts either secret method for
/// every confidential client.
/// </summary>
internal static class ClientAuthentication
{
    /// <summary>
    /// Reads the form of a token or revocation request and authenticates its client. Returns <see langword="null"/>
    /// after answering the request as Cognito does: <c>invalid_request</c> for a body that is not a form,
    /// <c>invalid_client</c> for a client it cannot authenticate.
    /// </summary>
    public static async Task<(IFormCollection Form, RegisteredClient Client)?> ReadAuthenticatedFormAsync(HttpContext context, EmulatorState state)
    {
        if (!context.Request.HasFormContentType)
        {
            await EmulatorResponses.JsonError(context, "invalid_request").ConfigureAwait(false);
            return null;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        if (Authenticate(context, form, state) is not { } client)
        {
            await EmulatorResponses.JsonError(context, "invalid_client").ConfigureAwait(false);
            return null;
        }

        return (form, client);
    }

    /// <summary>The authenticated client, or <see langword="null"/> for <c>invalid_client</c>.</summary>
    public static RegisteredClient? Authenticate(HttpContext context, IFormCollection form, EmulatorState state)
    {
        string? basicId = null, basicSecret = null;
        var header = context.Request.Headers.Authorization;
        if (header.Count > 0)
        {
            if (header.Count > 1 || !TryReadBasic(header.ToString(), out basicId, out basicSecret))
            {
                return null;
            }
        }

        var bodyId = Single(form, "client_id");
        var bodySecret = Single(form, "client_secret");
        if (form["client_id"].Count > 1 || form["client_secret"].Count > 1
            || (basicId is not null && bodyId is not null && basicId != bodyId)
            || (basicSecret is not null && bodySecret is not null))
        {
            return null;
        }

        var client = state.FindClient(basicId ?? bodyId);
        var secret = basicSecret ?? bodySecret;
        if (client is null)
        {
            return null;
        }

        if (client.IsPublic)
        {
            return secret is null ? client : null;
        }

        return secret is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(client.ClientSecret!), Encoding.UTF8.GetBytes(secret))
            ? client
            : null;
    }

    private static string? Single(IFormCollection form, string name)
        => form[name] is { Count: 1 } values && values[0] is { Length: > 0 } value ? value : null;

    // RFC 6749 §2.3.1: the id and the secret are form-encoded before they are joined with ':' and base64-encoded.
    private static bool TryReadBasic(string header, out string? id, out string? secret)
    {
        id = secret = null;
        if (!AuthenticationHeaderValue.TryParse(header, out var value)
            || !string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || value.Parameter is null)
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        id = WebUtility.UrlDecode(decoded[..colon]);
        secret = WebUtility.UrlDecode(decoded[(colon + 1)..]);
        return true;
    }
}
