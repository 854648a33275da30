using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// <c>POST /oauth2/token</c>: the <c>authorization_code</c>, <c>refresh_token</c> and <c>client_credentials</c> grants,
/// answering errors as Cognito does (HTTP 400, <c>{"error": "…"}</c>).
/// </summary>
internal sealed class TokenEndpoint(EmulatorState state, TokenIssuer issuer)
{
    public async Task HandleAsync(HttpContext context)
    {
        state.CountTokenRequest();

        // Counted before the client is authenticated: a refresh with a wrong secret is a refresh request all the same.
        // The form is read once; ReadAuthenticatedFormAsync gets the same parsed form again.
        if (context.Request.HasFormContentType
            && (await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false))["grant_type"].Contains("refresh_token"))
        {
            state.CountRefreshRequest();
        }

        if (await ClientAuthentication.ReadAuthenticatedFormAsync(context, state).ConfigureAwait(false) is not var (form, client))
        {
            return;
        }

        if (form.Any(parameter => parameter.Value.Count > 1))
        {
            await EmulatorResponses.JsonError(context, "invalid_request").ConfigureAwait(false);
            return;
        }

        var task = form["grant_type"].ToString() switch
        {
            "authorization_code" => RedeemCodeAsync(context, form, client),
            "refresh_token" => RefreshAsync(context, form, client),
            "client_credentials" => IssueForClientAsync(context, form, client),
            "" => EmulatorResponses.JsonError(context, "invalid_request"),
            _ => EmulatorResponses.JsonError(context, "unsupported_grant_type"),
        };
        await task.ConfigureAwait(false);
    }

    private Task RedeemCodeAsync(HttpContext context, IFormCollection form, RegisteredClient client)
    {
        var value = form["code"].ToString();
        var redirectUri = form["redirect_uri"].ToString();
        if (value.Length == 0 || redirectUri.Length == 0)
        {
            return EmulatorResponses.JsonError(context, "invalid_request");
        }

        // Taken out before any other check: a code is good for one attempt, even a failed one.
        var code = state.RedeemCode(value);
        if (code is null || code.ClientId != client.ClientId || code.RedirectUri != redirectUri
            || !VerifierMatches(code.CodeChallenge, form["code_verifier"].ToString()))
        {
            return EmulatorResponses.JsonError(context, "invalid_grant");
        }

        var originJti = Guid.NewGuid().ToString();
        var refreshToken = state.RefreshTokens.IssueRefreshToken(client.ClientId, code.User, code.Scope, originJti, code.AuthTime);
        return WriteTokensAsync(context, client, code.User, code.Scope, originJti, code.AuthTime, code.Nonce, refreshToken, "TokenGeneration_HostedAuth");
    }

    private Task RefreshAsync(HttpContext context, IFormCollection form, RegisteredClient client)
    {
        var value = form["refresh_token"].ToString();
        if (value.Length == 0)
        {
            return EmulatorResponses.JsonError(context, "invalid_request");
        }

        // Rotation off (Cognito's default): new id and access tokens and no refresh token. Rotation on: a new refresh
        // token of the same sign-in as well.
        var redemption = state.RefreshTokens.RedeemRefreshToken(value, client);
        if (redemption.Grant is not { } grant)
        {
            return EmulatorResponses.JsonError(context, "invalid_grant", redemption.ErrorDescription);
        }

        return WriteTokensAsync(context, client, grant.User, grant.Scope, grant.OriginJti, grant.AuthTime, nonce: null, redemption.RefreshToken, "TokenGeneration_RefreshTokens");
    }

    /// <summary>
    /// The <c>client_credentials</c> grant as Cognito answers it: only for a client with a secret that is allowed the
    /// flow, only resource-server scopes, and an access token alone (no id token, no refresh token).
    /// </summary>
    private Task IssueForClientAsync(HttpContext context, IFormCollection form, RegisteredClient client)
    {
        // A public client authenticates with its id alone, which Cognito does not accept for this grant.
        if (client.IsPublic)
        {
            return EmulatorResponses.JsonError(context, "invalid_client");
        }

        if (!client.AllowedOAuthFlows.Contains("client_credentials"))
        {
            return EmulatorResponses.JsonError(context, "unauthorized_client");
        }

        var scope = GrantedCustomScope(form["scope"].ToString(), client);
        if (scope is null)
        {
            return EmulatorResponses.JsonError(context, "invalid_scope");
        }

        var accessToken = issuer.CreateClientCredentialsAccessToken(client.ClientId, scope);
        return EmulatorResponses.Json(context, StatusCodes.Status200OK, json =>
        {
            json.WriteString("access_token", accessToken);
            json.WriteNumber("expires_in", (long)state.TokenLifetime.TotalSeconds);
            json.WriteString("token_type", "Bearer");
        });
    }

    /// <summary>
    /// The scopes of a <c>client_credentials</c> request, or <see langword="null"/> for <c>invalid_scope</c>: each one a
    /// resource server's scope the client is allowed (Cognito's own scopes, <c>openid</c> among them, name no API and are
    /// refused); with none asked for, every custom scope the client is allowed, and a client allowed none gets none.
    /// </summary>
    private string? GrantedCustomScope(string requested, RegisteredClient client)
    {
        var scopes = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();
        if (scopes.Length == 0)
        {
            return client.AllowedCustomScopeList.Count == 0 ? null : string.Join(' ', client.AllowedCustomScopeList);
        }

        return scopes.All(scope => state.CustomScopes.IsCustom(scope) && client.AllowedScopes.Contains(scope)) ? string.Join(' ', scopes) : null;
    }

    /// <summary>
    /// The tokens of a sign-in, for the user as it is now (a password, attribute or group changed since the code or the
    /// last refresh shows), through the pre-token-generation trigger when the pool has one.
    /// </summary>
    private async Task WriteTokensAsync(
        HttpContext context, RegisteredClient client, CognitoEmulatorUser user, string scope, string originJti, DateTimeOffset authTime, string? nonce, string? refreshToken,
        string triggerSource)
    {
        user = state.Users.Current(user);
        var accessClaims = issuer.AccessTokenClaims(user, client.ClientId, scope, originJti, authTime);
        var idClaims = scope.Split(' ').Contains("openid") ? issuer.IdTokenClaims(user, client.ClientId, originJti, authTime, nonce) : null;
        if (state.PreTokenGeneration is { } hook)
        {
            try
            {
                await PreTokenGenerationTrigger.ApplyAsync(hook, state, client.ClientId, user, triggerSource, idClaims, accessClaims, context.RequestAborted).ConfigureAwait(false);
            }
            catch (InvalidOperationException exception)
            {
                await EmulatorResponses.JsonError(context, "invalid_request", exception.Message).ConfigureAwait(false);
                return;
            }
        }

        var accessToken = issuer.Sign(accessClaims);
        string? idToken = null;
        if (idClaims is not null)
        {
            TokenIssuer.AddAccessTokenHash(idClaims, accessToken);
            idToken = issuer.Sign(idClaims);
        }

        await EmulatorResponses.Json(context, StatusCodes.Status200OK, json =>
        {
            if (idToken is not null)
            {
                json.WriteString("id_token", idToken);
            }

            json.WriteString("access_token", accessToken);
            if (refreshToken is not null)
            {
                json.WriteString("refresh_token", refreshToken);
            }

            json.WriteNumber("expires_in", (long)state.TokenLifetime.TotalSeconds);
            json.WriteString("token_type", "Bearer");
        }).ConfigureAwait(false);
    }

    // RFC 7636 §4.6, S256 only: BASE64URL(SHA256(ASCII(code_verifier))) must equal the code_challenge.
    private static bool VerifierMatches(string? challenge, string verifier)
    {
        if (challenge is null)
        {
            return verifier.Length == 0;
        }

        // RFC 7636 §4.1: 43 to 128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~".
        if (verifier.Length is < 43 or > 128 || !verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~'))
        {
            return false;
        }

        var computed = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(challenge));
    }
}
