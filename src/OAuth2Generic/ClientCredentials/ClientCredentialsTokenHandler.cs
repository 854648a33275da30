using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic;

/// <summary>
/// Attaches the client's client-credentials token to every request of its <c>HttpClient</c> as
/// <c>Authorization: Bearer</c>; on a 401 from the API it renews the token once and sends the request once more.
/// </summary>
/// <param name="options">The client's options.</param>
/// <param name="tokens">The application's token cache.</param>
/// <param name="logger">The logger.</param>
internal sealed class ClientCredentialsTokenHandler(ClientCredentialsOptions options, ClientCredentialsTokenCache tokens, ILogger logger)
    : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(options, cancellationToken);
        var (url, method) = (request.RequestUri, request.Method);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !ResendableRequest.CanSendAgain(request, url, method, response))
        {
            return response;
        }

        // The token was revoked, or the API's clock runs ahead: one new token, one more try. Calls refused together
        // renew it once (the cache hands a newer token to the rest); an API that refuses every token gets the 401 back
        // without a new token once one was renewed lately, so that it cannot make each call a token request.
        logger.ClientCredentialsTokenRefused(options.TokenHost);
        if (await tokens.RenewAfterRefusalAsync(options, token, cancellationToken) is not { } renewed)
        {
            logger.ClientCredentialsRenewalSkipped(options.TokenHost);
            return response;
        }

        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", renewed);
        return await base.SendAsync(request, cancellationToken);
    }
}
