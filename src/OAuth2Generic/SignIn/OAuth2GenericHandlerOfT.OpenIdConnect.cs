using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace OAuth2Generic;

// What OpenID Connect adds to a sign-in, for every scheme that knows its issuer (Authority, or a preset's own): the
// discovered endpoints before the challenge, the nonce, the id_token's validation, and the checks of a refreshed one.
public partial class OAuth2GenericHandler<TOptions>
{
    // Kept in the protected state between the challenge and the callback, and removed before the ticket is stored.
    private const string NonceKey = ".oauth2generic.nonce";

    /// <summary>
    /// The challenge, after the discovery document (with an <see cref="OAuth2GenericOptions.Authority"/>) has given the
    /// authorization endpoint, as a span of the package's activity source when anyone listens. A document that cannot be
    /// had answers 502 with a short sentence (logged with its reason; transient when the provider is down) instead of
    /// sending the browser anywhere.
    /// </summary>
    /// <param name="properties">The challenge's properties.</param>
    /// <returns>The redirect to the authorization endpoint.</returns>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        try
        {
            await Options.DiscoverAsync(TimeProvider, Logger, Context.RequestAborted);
        }
        catch (OAuth2GenericException exception)
        {
            Logger.SignInFailed(exception);
            await CallbackFailures.AnswerUnhandledAsync(exception, Response, Logger);
            return;
        }

        var activity = OAuth2GenericActivities.StartChallenge(Scheme.Name, Options);
        await (activity is null
            ? base.HandleChallengeAsync(properties)
            : SignInTelemetry.TraceChallenge(activity, base.HandleChallengeAsync, properties));
    }

    // OpenID Connect Core §3.1.2.1 and §15.5.2: a nonce ties the id_token to this browser's sign-in.
    private void AddNonce(AuthorizeRequest request, AuthenticationProperties properties)
    {
        if (Options.ValidatesIdToken)
        {
            var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            properties.Items[NonceKey] = nonce;
            request["nonce"] = nonce;
        }
    }

    // An id_token of a refresh answer has no nonce to check (OpenID Connect Core §12.2).
    private Task<JsonDocument> ValidateIdTokenAsync(AuthenticationProperties properties, OAuthTokenResponse tokens, bool atRefresh)
    {
        var nonce = atRefresh ? IdTokenValidator.AtRefresh : properties.Items.Remove(NonceKey, out var sent) ? sent : null;
        return IdTokenValidator.ValidateAsync(IdTokenOf(tokens), nonce, Options, TimeProvider, Logger, Context.RequestAborted);
    }

    /// <summary>
    /// Whether the refreshed tokens carry what the mapping needs to rebuild the claims: with the id_token validated, an
    /// answer that has one (OpenID Connect Core §12.2 lets a refresh answer leave it out, and the claims then stay).
    /// </summary>
    private protected virtual bool CanMapRefreshedTokens(OAuthTokenResponse tokens) => !Options.ValidatesIdToken || IdTokenOf(tokens) is not null;

    /// <summary>
    /// The checks refreshed tokens pass when the claims are kept (OpenID Connect Core §12.2): an id_token in the answer is
    /// validated as at the sign-in (but for the nonce), and names the session's user (<c>sub</c>, the
    /// <c>NameIdentifier</c>). Nothing without an issuer: an access token is opaque to the client.
    /// </summary>
    private protected virtual async Task CheckRefreshedTokensAsync(OAuthTokenResponse tokens, ClaimsPrincipal principal)
    {
        if (!Options.ValidatesIdToken || IdTokenOf(tokens) is not { } idToken)
        {
            return;
        }

        using var payload = await IdTokenValidator.ValidateAsync(idToken, IdTokenValidator.AtRefresh, Options, TimeProvider, Logger, Context.RequestAborted);
        var subject = ProviderJson.StringMember(payload.RootElement, "sub");
        if (subject is null || subject != principal.FindFirst(ClaimTypes.NameIdentifier)?.Value)
        {
            throw IdTokenValidator.Failure("subject", "The id_token of the refresh answer is for another user (sub) than the session's.");
        }
    }

    private static string? IdTokenOf(OAuthTokenResponse tokens) =>
        tokens.Response is { } response ? ProviderJson.StringMember(response.RootElement, "id_token") : null;

    // OpenID Connect Core §5.3.2: the user-info answer's sub must be the id_token's, or the two describe different users.
    private static void CheckSameUser(JsonElement? idToken, JsonElement userInfo)
    {
        if (idToken is not { } token)
        {
            return;
        }

        var tokenSubject = ProviderJson.StringMember(token, "sub");
        if (tokenSubject is null || tokenSubject != ProviderJson.StringMember(userInfo, "sub"))
        {
            throw new OAuth2GenericException(
                FailureStep.UserInformation, "The userInfo endpoint's sub is not the id_token's: the two answers are not about the same user.");
        }
    }
}
