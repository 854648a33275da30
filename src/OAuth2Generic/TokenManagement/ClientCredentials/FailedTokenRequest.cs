using System.Globalization;

namespace OAuth2Generic;

/// <summary>
/// A client-credentials token request that failed, remembered for its client until <paramref name="RetryAt"/>: the
/// calls meanwhile fail with it at once, each with an exception of its own.
/// </summary>
/// <param name="Failure">Why the request failed.</param>
/// <param name="FailedAt">When.</param>
/// <param name="RetryAt">When the next call may request a token again.</param>
internal sealed record FailedTokenRequest(OAuth2GenericException Failure, DateTimeOffset FailedAt, DateTimeOffset RetryAt)
{
    /// <summary>
    /// The failure told again: transient, since the next request after <see cref="RetryAt"/> may succeed, whatever the
    /// first failure was.
    /// </summary>
    public OAuth2GenericException Repeat(string tokenHost) => Failure.Repeated(
        string.Create(
            CultureInfo.InvariantCulture,
            $"The client-credentials token request to {tokenHost} failed at {FailedAt:u} ({Failure.Reason}), and is not made again before {RetryAt:u} (RetryDelay, or the provider's Retry-After): {Failure.Message}"),
        isTransient: true);
}
