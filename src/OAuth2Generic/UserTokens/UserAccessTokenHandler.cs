using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic;

/// <summary>
/// Attaches the signed-in user's access token (fresh, see <see cref="UserTokenRefresher"/>) to every request of its
/// <c>HttpClient</c> as <c>Authorization: Bearer</c>; on a 401 from the API it refreshes the token once and sends the
/// request once more. With no token to send it does what <see cref="UserAccessTokenHandlerOptions.WhenUnavailable"/> says.
/// </summary>
/// <param name="requests">The current request.</param>
/// <param name="refresher">The application's refresher.</param>
/// <param name="options">The client's options.</param>
/// <param name="logger">The logger.</param>
internal sealed class UserAccessTokenHandler(
    IHttpContextAccessor requests, UserTokenRefresher refresher, UserAccessTokenHandlerOptions options, ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = requests.HttpContext;
        var token = context is null
            ? UserAccessToken.Unavailable(UserAccessTokenStatus.NotSignedIn)
            : await refresher.GetUserAccessTokenAsync(context, options.SignInScheme, refused: null);
        if (token.AccessToken is not { } sent)
        {
            if (options.WhenUnavailable == UnavailableUserTokenBehavior.Throw)
            {
                throw new UserAccessTokenUnavailableException(token.Status);
            }

            logger.SendingWithoutUserToken(token.Status);
            return await base.SendAsync(request, cancellationToken);
        }

        var (url, method) = (request.RequestUri, request.Method);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sent);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !ResendableRequest.CanSendAgain(request, url, method, response))
        {
            return response;
        }

        // Revoked at the provider, or the API's clock runs ahead: one refresh, one more try. Calls refused together
        // refresh once; a token another call replaced meanwhile is taken as it is.
        logger.UserAccessTokenRefused();
        var renewed = await refresher.GetUserAccessTokenAsync(context!, options.SignInScheme, refused: sent);
        if (renewed.AccessToken is not { } fresh || fresh == sent)
        {
            return response;
        }

        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fresh);
        return await base.SendAsync(request, cancellationToken);
    }
}
