using Microsoft.Extensions.Logging;

namespace OAuth2Generic;

/// <summary>
/// Attaches a client-credentials token to the requests of its <c>HttpClient</c> that go to the client's own origins;
/// on a 401 from the API it renews the token once and sends the request once more (see <see cref="AccessTokenHandler"/>).
/// </summary>
/// <param name="options">The client-credentials client whose token it attaches.</param>
/// <param name="tokens">The application's token cache.</param>
/// <param name="origins">Where the token may go.</param>
/// <param name="logger">The logger.</param>
internal sealed class ClientCredentialsTokenHandler(
    ClientCredentialsOptions options, ClientCredentialsTokenCache tokens, TokenOrigins origins, ILogger logger) : AccessTokenHandler(origins, logger)
{
    protected override async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken) =>
        await tokens.GetAsync(options, cancellationToken);

    protected override async ValueTask<string?> GetTokenAfterRefusalAsync(string refused, CancellationToken cancellationToken)
    {
        // Calls refused together renew it once (the cache hands a newer token to the rest); an API that refuses every
        // token gets the 401 back without a new token once one was renewed lately, so that it cannot make each call a
        // token request.
        Logger.ClientCredentialsTokenRefused(options.TokenHost);
        try
        {
            if (await tokens.RenewAfterRefusalAsync(options, refused, cancellationToken) is { } renewed)
            {
                return renewed;
            }
        }
        catch (OAuth2GenericException)
        {
            // The renewal failed (and was logged, and backs off): the API's own 401 is the better answer to the caller.
        }

        Logger.ClientCredentialsRenewalSkipped(options.TokenHost);
        return null;
    }
}
