using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic;

/// <summary>
/// Attaches the signed-in user's access token (fresh, see <see cref="UserTokenRefresher"/>) to the requests of its
/// <c>HttpClient</c> that go to the client's own origins; on a 401 from the API it refreshes the token once and sends the
/// request once more (see <see cref="AccessTokenHandler"/>). With no token to send it does what
/// <see cref="UserAccessTokenHandlerOptions.WhenUnavailable"/> says.
/// </summary>
/// <param name="requests">The current request.</param>
/// <param name="refresher">The application's refresher.</param>
/// <param name="options">The client's options.</param>
/// <param name="origins">Where the token may go.</param>
/// <param name="logger">The logger.</param>
internal sealed class UserAccessTokenHandler(
    IHttpContextAccessor requests, UserTokenRefresher refresher, UserAccessTokenHandlerOptions options, TokenOrigins origins, ILogger logger)
    : AccessTokenHandler(origins, logger)
{
    protected override async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        var token = requests.HttpContext is { } context
            ? await refresher.GetUserAccessTokenAsync(context, options.SignInScheme, refused: null, cancellationToken)
            : UserAccessToken.Unavailable(UserAccessTokenStatus.NotSignedIn);
        if (token.AccessToken is { } sent)
        {
            return sent;
        }

        if (options.WhenUnavailable == UnavailableUserTokenBehavior.Throw)
        {
            throw new UserAccessTokenUnavailableException(token.Status);
        }

        Logger.SendingWithoutUserToken(token.Status);
        return null;
    }

    protected override async ValueTask<string?> GetTokenAfterRefusalAsync(string refused, CancellationToken cancellationToken)
    {
        // Calls of a request refused together refresh once; a token another call replaced meanwhile is taken as it is.
        Logger.UserAccessTokenRefused();
        return requests.HttpContext is { } context
            ? (await refresher.GetUserAccessTokenAsync(context, options.SignInScheme, refused, cancellationToken)).AccessToken
            : null;
    }
}
