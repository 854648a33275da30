using Microsoft.Extensions.Logging;

namespace OAuth2Generic;

/// <summary>
/// A scheme's discovery document: fetched at the first sign-in through the scheme's provider client, from
/// <c>{Authority}/.well-known/openid-configuration</c> (OpenID Connect Discovery 1.0 §4) or the scheme's
/// <c>MetadataAddress</c>, and, where the first answers 404, from RFC 8414's
/// <c>/.well-known/oauth-authorization-server</c>. Kept and refreshed like the signing keys: used for
/// <c>AutomaticRefreshInterval</c>, then fetched again behind the sign-ins that still use it; a failed fetch is tried
/// again no sooner than <c>RefreshInterval</c>, and until then every sign-in fails at once with its (transient) failure.
/// </summary>
/// <param name="authority">The issuer the document must name (OpenID Connect Discovery §4.3, RFC 8414 §3.3).</param>
/// <param name="metadataAddress">Where the document is, when not at the well-known place under the authority.</param>
/// <param name="backchannel">The scheme's provider client.</param>
/// <param name="automaticRefreshInterval">How long a document is used before it is fetched again.</param>
/// <param name="refreshInterval">The shortest time between two fetches.</param>
internal sealed class ProviderDiscovery(
    string authority, string? metadataAddress, ProviderBackchannel backchannel, TimeSpan automaticRefreshInterval, TimeSpan refreshInterval)
{
    private readonly ProviderFetch<ProviderMetadata> _document = new(refreshInterval);

    /// <summary>The issuer the document must name.</summary>
    public string Authority { get; } = authority;

    /// <summary>Where the document is fetched from first.</summary>
    public string Address { get; } = metadataAddress ?? authority.TrimEnd('/') + "/.well-known/openid-configuration";

    /// <summary>The provider's metadata: the kept document, else the one a fetch (shared by every waiting sign-in) brings.</summary>
    /// <exception cref="OAuth2GenericException">No document was ever read, and fetching it failed (step Discovery).</exception>
    public async ValueTask<ProviderMetadata> GetAsync(TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        Task<ProviderMetadata> fetch;
        lock (_document.Gate)
        {
            var now = time.GetUtcNow();
            if (_document.Current is { } current)
            {
                if (now - _document.FetchedAt >= automaticRefreshInterval && _document.MayStart(now))
                {
                    // A document a little old still describes the provider: refresh behind the sign-in.
                    _ = StartFetch(now, logger);
                }

                return current;
            }

            if (_document.Running is null && !_document.MayStart(now) && _document.LastFailure is { } failure)
            {
                throw ProviderFetch<ProviderMetadata>.Copy(failure);
            }

            fetch = _document.Running ?? StartFetch(now, logger);
        }

        return await fetch.WaitAsync(cancellationToken);
    }

    private Task<ProviderMetadata> StartFetch(DateTimeOffset now, ILogger logger) => _document.Start(
        now,
        () => FetchAsync(logger),
        exception => logger.DiscoveryDocumentFetchFailed(EndpointUrl.HostOf(Address), exception.Reason, exception.Message));

    private async Task<ProviderMetadata> FetchAsync(ILogger logger)
    {
        var metadata = await DownloadAsync(Address, logger) ?? (metadataAddress is null ? await DownloadAsync(Rfc8414Address(Authority), logger) : null)
            ?? throw new OAuth2GenericException(FailureStep.Discovery, $"The provider has no discovery document at {Address} (404). Check Authority (or MetadataAddress).")
            {
                Reason = OAuth2GenericFailureReasons.DiscoveryFailed,
            };
        logger.DiscoveryDocumentFetched(EndpointUrl.HostOf(Address));
        return metadata;
    }

    // The document at the address, or null when it answered 404 (where RFC 8414's address may still have it).
    private async Task<ProviderMetadata?> DownloadAsync(string address, ILogger logger)
    {
        using var request = new ProviderRequest(FailureStep.Discovery, ProviderCall.Discovery, "The provider's discovery document", HttpMethod.Get, address);
        try
        {
            var answer = await backchannel.SendAsync(request, logger, CancellationToken.None);
            if (answer.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!answer.IsSuccess)
            {
                throw backchannel.Failure(request, answer);
            }

            using var document = ProviderJson.TryParse(answer.Body) ?? throw ProviderFailure.NotJson(request, answer);
            var metadata = ProviderMetadata.Read(document.RootElement, out var problem) ?? throw ProviderFailure.Content(request, answer, problem!);

            // OpenID Connect Discovery §4.3 and RFC 8414 §3.3: the issuer must be the one the document was asked for, or
            // a provider (or whoever answers at its address) could pass its tokens off as another's (the mix-up attack).
            if (!SameIssuer(metadata.Issuer, Authority))
            {
                throw ProviderFailure.Content(request, answer, $"a document that names the issuer '{ProviderText.Clean(metadata.Issuer)}', not the Authority '{Authority}'");
            }

            return metadata;
        }
        catch (OAuth2GenericException exception)
        {
            // Where to look: the document's address is made from Authority. A document that is wrong stays wrong.
            throw ProviderFailure.Fetch(
                exception,
                FailureStep.Discovery,
                $"The provider's discovery document could not be read from {address}. {exception.Message} Check Authority (or MetadataAddress).",
                OAuth2GenericFailureReasons.DiscoveryFailed);
        }
    }

    // The Authority as configured may end in a slash the issuer does not have (or the other way round); nothing else may differ.
    private static bool SameIssuer(string issuer, string authority) =>
        string.Equals(issuer, authority, StringComparison.Ordinal)
        || string.Equals(issuer.TrimEnd('/'), authority.TrimEnd('/'), StringComparison.Ordinal);

    // RFC 8414 §3.1: the well-known segment goes between the host and the issuer's path.
    private static string Rfc8414Address(string issuer)
    {
        var url = new Uri(issuer);
        return url.GetLeftPart(UriPartial.Authority) + "/.well-known/oauth-authorization-server" + url.AbsolutePath.TrimEnd('/');
    }
}
