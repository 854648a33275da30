using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace OAuth2Generic;

/// <summary>
/// What a scheme's handler does with refreshed tokens for the current request: the checks its provider asks for (an
/// id_token validated, for the same user) and, with <see cref="OAuth2GenericOptions.UpdateClaimsOnRefresh"/>, the
/// claims rebuilt as at the sign-in. Implemented by <see cref="OAuth2GenericHandler{TOptions}"/>.
/// </summary>
internal interface IRefreshingHandler
{
    /// <summary>The principal to keep: the same one, or one with the rebuilt claims.</summary>
    /// <exception cref="OAuth2GenericException">
    /// The tokens failed a check, and the session ends; or a check could not be made
    /// (<see cref="RefreshCheckFailure.CouldNotCheck"/>), and the session keeps its tokens.
    /// </exception>
    Task<ClaimsPrincipal> ApplyRefreshAsync(OAuthTokenResponse tokens, ClaimsPrincipal principal, AuthenticationProperties properties);
}
