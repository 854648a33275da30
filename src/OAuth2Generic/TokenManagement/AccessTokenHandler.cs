using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic;

/// <summary>
/// What every token-attaching <c>DelegatingHandler</c> does, whichever token it attaches (the user's, or a
/// client-credentials one): the token only to the client's own origins (<see cref="TokenOrigins"/>), as
/// <c>Authorization: Bearer</c>, and on a 401 from the API one new token and one more try, for a request that can be
/// sent again unchanged.
/// </summary>
/// <param name="origins">Where the token may go.</param>
/// <param name="logger">The handler's logger.</param>
internal abstract class AccessTokenHandler(TokenOrigins origins, ILogger logger) : DelegatingHandler
{
    /// <summary>The handler's logger.</summary>
    protected ILogger Logger => logger;

    /// <summary>The token for this request; null to send it without one.</summary>
    protected abstract ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A token to send again after the API refused <paramref name="refused"/> with a 401; null (or the refused token
    /// itself) to answer the 401 as it is.
    /// </summary>
    protected abstract ValueTask<string?> GetTokenAfterRefusalAsync(string refused, CancellationToken cancellationToken);

    protected sealed override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!origins.Admit(request, logger) || await GetTokenAsync(cancellationToken) is not { } token)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var (url, method) = (request.RequestUri, request.Method);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !ResendableRequest.CanSendAgain(request, url, method, response))
        {
            return response;
        }

        // Revoked, or the API's clock runs ahead: one new token, one more try. Calls refused together share one renewal
        // (the token core's single flight); a token another call renewed meanwhile is taken as it is.
        if (await GetTokenAfterRefusalAsync(token, cancellationToken) is not { } renewed || renewed == token)
        {
            return response;
        }

        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", renewed);
        return await base.SendAsync(request, cancellationToken);
    }
}
