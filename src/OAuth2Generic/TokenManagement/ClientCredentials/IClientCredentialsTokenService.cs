namespace OAuth2Generic;

/// <summary>
/// The client-credentials tokens of the clients registered with <c>AddClientCredentialsClient</c> (or
/// <c>AddCognitoClientCredentialsClient</c>), for code that sends them itself: a gRPC call's credentials, an SDK client, a
/// message bus. The same tokens, cache and back-off as an <c>HttpClient</c> of <c>AddClientCredentialsToken</c>.
/// </summary>
public interface IClientCredentialsTokenService
{
    /// <summary>
    /// A token of the client: the cached one while it is not due for renewal, else a new one, requested once however
    /// many callers ask meanwhile.
    /// </summary>
    /// <param name="clientName">The name the client was registered under.</param>
    /// <param name="cancellationToken">Stops this caller's wait; a token request under way goes on for the others.</param>
    /// <returns>The access token. A secret: never log it.</returns>
    /// <exception cref="OAuth2GenericException">The token request failed, now or within the client's back-off
    /// (<see cref="ClientCredentialsOptions.RetryDelay"/>).</exception>
    /// <exception cref="InvalidOperationException">No client is registered under <paramref name="clientName"/>.</exception>
    ValueTask<string> GetAccessTokenAsync(string clientName, CancellationToken cancellationToken = default);

    /// <summary>
    /// A token to try again with after a service refused <paramref name="refusedToken"/> as invalid (an HTTP 401, a
    /// gRPC <c>Unauthenticated</c>): a newer one, renewed once however many callers were refused together; null when a
    /// renewal after a refusal was made less than <see cref="ClientCredentialsOptions.RenewAfterRefusalInterval"/> ago,
    /// so that a service that refuses every token does not turn each call into a token request.
    /// </summary>
    /// <param name="clientName">The name the client was registered under.</param>
    /// <param name="refusedToken">The token the service refused.</param>
    /// <param name="cancellationToken">Stops this caller's wait.</param>
    /// <returns>The new access token, or null.</returns>
    /// <exception cref="OAuth2GenericException">The token request failed.</exception>
    /// <exception cref="InvalidOperationException">No client is registered under <paramref name="clientName"/>.</exception>
    ValueTask<string?> RenewAccessTokenAsync(string clientName, string refusedToken, CancellationToken cancellationToken = default);
}
