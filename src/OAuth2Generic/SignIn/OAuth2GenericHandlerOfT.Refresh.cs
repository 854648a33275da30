using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace OAuth2Generic;

// The handler's part in a refresh of saved tokens: the refresher (TokenManagement/UserTokens) redeems the refresh token,
// then hands the answer to the scheme's handler for the current request, which checks it as its provider asks and
// rebuilds the claims with the sign-in's own mapping.
public partial class OAuth2GenericHandler<TOptions>
{
    /// <summary>
    /// Refreshed tokens, for this request: checked as the provider asks (<see cref="CheckRefreshedTokensAsync"/>), and with
    /// <see cref="OAuth2GenericOptions.UpdateClaimsOnRefresh"/> the claims rebuilt from them as at the sign-in (the
    /// mapping and the claim actions; not <c>OnCreatingTicket</c>), for the same user.
    /// </summary>
    async Task<ClaimsPrincipal> IRefreshingHandler.ApplyRefreshAsync(OAuthTokenResponse tokens, ClaimsPrincipal principal, AuthenticationProperties properties)
    {
        await PrepareRefreshAsync(properties);
        if (Options.UpdateClaimsOnRefresh && CanMapRefreshedTokens(tokens))
        {
            try
            {
                return await MapRefreshedClaimsAsync(tokens, principal, properties);
            }
            catch (OAuth2GenericException exception) when (RefreshCheckFailure.UserInfoUnavailable(exception))
            {
                // The user-info endpoint did not give the document (down, missing, not JSON), which says nothing
                // against the tokens: the fresh tokens are kept with the claims of before.
                Logger.ClaimsKeptAtRefresh(exception.Reason, exception.Message);
            }
        }

        await CheckRefreshedTokensAsync(tokens, principal);
        return principal;
    }

    // Before a refresh's answer is checked: a handler with one set of options per tenant takes the session's.
    private protected virtual Task PrepareRefreshAsync(AuthenticationProperties properties) => Task.CompletedTask;

    private async Task<ClaimsPrincipal> MapRefreshedClaimsAsync(OAuthTokenResponse response, ClaimsPrincipal principal, AuthenticationProperties properties)
    {
        var previous = principal.Identity as ClaimsIdentity;
        var identity = new ClaimsIdentity(
            previous?.AuthenticationType ?? ClaimsIssuer,
            previous?.NameClaimType ?? ClaimsIdentity.DefaultNameClaimType,
            previous?.RoleClaimType ?? ClaimsIdentity.DefaultRoleClaimType);
        using (var user = await MapUserAsync(identity, properties, response, atRefresh: true))
        {
            RunClaimActions(identity, properties, response, user.RootElement);
        }

        // A refresh must not turn the session into another user's (OpenID Connect Core §12.2 asks the same of sub).
        var id = identity.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        if (id is null || id != principal.FindFirst(ClaimTypes.NameIdentifier)?.Value)
        {
            throw new OAuth2GenericException(
                FailureStep.TokenRefresh, "The claims rebuilt from the refreshed tokens name another user (NameIdentifier) than the session's.")
            {
                Reason = OAuth2GenericFailureReasons.MappingFailed,
            };
        }

        return new ClaimsPrincipal(identity);
    }
}
