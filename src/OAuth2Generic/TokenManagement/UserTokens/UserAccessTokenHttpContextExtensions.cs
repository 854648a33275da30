using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OAuth2Generic;

namespace Microsoft.AspNetCore.Authentication;

/// <summary>The signed-in user's access token, for calls to APIs on their behalf.</summary>
public static class UserAccessTokenHttpContextExtensions
{
    /// <summary>
    /// The access token saved with the signed-in user's session (default authenticate scheme), refreshed first when it
    /// is due and the scheme has <see cref="OAuth2GenericOptions.RefreshSavedTokens"/> on. A refresh saves the new tokens
    /// and renews the cookie, when the response has not started. However many calls of one request ask at once, the
    /// request refreshes at most once and writes the cookie once.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <returns>The token and where it stands; see <see cref="UserAccessToken.Status"/> when there is none.</returns>
    public static Task<UserAccessToken> GetUserAccessTokenAsync(this HttpContext context) =>
        context.GetUserAccessTokenAsync(signInScheme: null, CancellationToken.None);

    /// <summary>
    /// The access token saved with the signed-in user's session in <paramref name="signInScheme"/>, refreshed first when
    /// it is due (see <see cref="GetUserAccessTokenAsync(HttpContext)"/>).
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="signInScheme">The scheme that holds the session (a cookie scheme), or null for the default authenticate scheme.</param>
    /// <returns>The token and where it stands.</returns>
    public static Task<UserAccessToken> GetUserAccessTokenAsync(this HttpContext context, string? signInScheme) =>
        context.GetUserAccessTokenAsync(signInScheme, CancellationToken.None);

    /// <summary>
    /// The access token saved with the signed-in user's session in <paramref name="signInScheme"/>, refreshed first when
    /// it is due (see <see cref="GetUserAccessTokenAsync(HttpContext)"/>).
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="signInScheme">The scheme that holds the session (a cookie scheme), or null for the default authenticate scheme.</param>
    /// <param name="cancellationToken">Stops this caller's wait; a refresh under way goes on for the session's other requests.</param>
    /// <returns>The token and where it stands.</returns>
    public static Task<UserAccessToken> GetUserAccessTokenAsync(this HttpContext context, string? signInScheme, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var refresher = context.RequestServices.GetService<UserTokenRefresher>()
            ?? throw new InvalidOperationException("GetUserAccessTokenAsync needs the services of AddOAuth2Generic, AddCognito or AddUserAccessToken.");
        return refresher.GetUserAccessTokenAsync(context, signInScheme, refused: null, cancellationToken);
    }
}
