using Microsoft.AspNetCore.Http;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// <c>POST /oauth2/revoke</c>: revokes a refresh token of the calling client, and with it the whole sign-in: the access
/// tokens issued with it and the refresh tokens rotated from or into it. A token it does not know is answered 200 (RFC 7009 §2.2); an access token is refused, as Cognito refuses it,
/// and so is another client's refresh token.
/// </summary>
internal sealed class RevokeEndpoint(EmulatorState state, TokenIssuer issuer)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (await ClientAuthentication.ReadAuthenticatedFormAsync(context, state).ConfigureAwait(false) is not var (form, client))
        {
            return;
        }

        var token = form["token"];
        if (token.Count != 1 || token[0] is not { Length: > 0 } value)
        {
            await EmulatorResponses.JsonError(context, "invalid_request").ConfigureAwait(false);
            return;
        }

        if ((await issuer.ValidateAccessTokenAsync(value).ConfigureAwait(false)).Token is not null)
        {
            await EmulatorResponses.JsonError(context, "unsupported_token_type").ConfigureAwait(false);
            return;
        }

        if (state.RefreshTokens.FindRefreshToken(value) is { } grant)
        {
            if (grant.ClientId != client.ClientId)
            {
                // RFC 7009 §2.1: a token issued to another client is refused, so a misconfigured app learns its
                // sign-out revoked nothing.
                await EmulatorResponses.JsonError(context, "unauthorized_client").ConfigureAwait(false);
                return;
            }

            state.RefreshTokens.Revoke(value);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
