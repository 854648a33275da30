using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace OAuth2Generic.Testing.Emulator;

/// <summary>
/// <c>GET</c> or <c>POST /oauth2/userInfo</c> with a Bearer access token. Cognito's shapes: the verified flags as the
/// strings <c>"true"</c>/<c>"false"</c>, every attribute a string, <c>username</c>, and never the groups; which
/// attributes come back depends on the token's scopes (<see cref="UserInfoScopes"/>).
/// </summary>
internal sealed class UserInfoEndpoint(EmulatorState state, TokenIssuer issuer)
{
    public async Task HandleAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization;
        if (header.Count != 1 || !AuthenticationHeaderValue.TryParse(header.ToString(), out var value)
            || !string.Equals(value.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) || value.Parameter is null)
        {
            await InvalidToken(context, "Access token is missing").ConfigureAwait(false);
            return;
        }

        var (token, error) = await issuer.ValidateAccessTokenAsync(value.Parameter).ConfigureAwait(false);
        if (token is null)
        {
            await InvalidToken(context, error!).ConfigureAwait(false);
            return;
        }

        if (!token.TryGetPayloadValue<string>("scope", out var scope) || !scope.Split(' ').Contains("openid"))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"insufficient_scope\"";
            await EmulatorResponses.Json(context, StatusCodes.Status403Forbidden, json =>
            {
                json.WriteString("error", "insufficient_scope");
                json.WriteString("error_description", "Access token does not contain openid scope");
            }).ConfigureAwait(false);
            return;
        }

        var user = state.Users.FindBySub(token.Subject);
        if (user is null)
        {
            await InvalidToken(context, "User does not exist.").ConfigureAwait(false);
            return;
        }

        var granted = UserInfoScopes.From(scope);
        await EmulatorResponses.Json(context, StatusCodes.Status200OK, json =>
        {
            json.WriteString("sub", user.Sub);
            foreach (var (name, attribute) in user.Attributes)
            {
                if (granted.AllowsProfileAttribute(name))
                {
                    json.WriteString(name, attribute);
                }
            }

            if (user.Email is not null && granted.Email)
            {
                json.WriteString("email_verified", user.EmailVerified ? "true" : "false");
                json.WriteString("email", user.Email);
            }

            if (user.PhoneNumber is not null && granted.Phone)
            {
                json.WriteString("phone_number_verified", user.PhoneNumberVerified ? "true" : "false");
                json.WriteString("phone_number", user.PhoneNumber);
            }

            if (user.Federation is { } federation)
            {
                // Cognito's userInfo carries identities as the JSON text of the array, not as an array.
                json.WriteString("identities", federation.ToJson());
            }

            json.WriteString("username", user.Username);
        }).ConfigureAwait(false);
    }

    private static Task InvalidToken(HttpContext context, string description)
    {
        context.Response.Headers[HeaderNames.WWWAuthenticate] = $"Bearer error=\"invalid_token\", error_description=\"{description}\"";
        return EmulatorResponses.Json(context, StatusCodes.Status401Unauthorized, json =>
        {
            json.WriteString("error", "invalid_token");
            json.WriteString("error_description", description);
        });
    }
}
