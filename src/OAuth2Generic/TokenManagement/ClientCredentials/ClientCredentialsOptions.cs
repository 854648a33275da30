using System.Security.Cryptography;
using System.Text;

namespace OAuth2Generic;

/// <summary>
/// Options of one client-credentials client (<c>AddClientCredentialsClient</c>, or <c>AddClientCredentialsToken</c> on an
/// <c>HttpClient</c>): where the token comes from, how the client authenticates, which scopes it asks for, how long before
/// its expiry a token is renewed, and how long it waits after a failed token request.
/// </summary>
public class ClientCredentialsOptions
{
    private TokenClient? _tokenClient;
    private string? _cacheKey;
    private string? _tokenHost;

    /// <summary>The provider's token endpoint, an absolute https URL (http only on loopback).</summary>
    public string? TokenEndpoint { get; set; }

    /// <summary>The client id.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>The client secret.</summary>
    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>
    /// How the client authenticates to the token endpoint: <see cref="ClientAuthScheme.BasicAuth"/> (the default, RFC 6749
    /// §2.3.1) or <see cref="ClientAuthScheme.RequestBody"/>. A client-credentials client always has a secret.
    /// </summary>
    public ClientAuthScheme AuthScheme { get; set; } = ClientAuthScheme.BasicAuth;

    /// <summary>
    /// The scopes asked for (sent as one space-separated <c>scope</c>), for example Cognito's resource-server scopes
    /// <c>orders/read</c>; empty to ask for the client's default scopes.
    /// </summary>
    public IList<string> Scope { get; set; } = [];

    /// <summary>Extra form fields of the token request (for example <c>resource</c> or <c>audience</c>).</summary>
    public IDictionary<string, string> TokenParams { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// How long before its <c>expires_in</c> runs out a token is renewed, so that no call carries a token that expires on
    /// the way. Default 1 minute; a token that lives less than twice as long is renewed at half its life.
    /// </summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// After the API refused a token (401) and a new one was requested for it, how long further refusals get the 401
    /// back instead of another token request. Default 30 seconds: an API that refuses every token of this client (a
    /// wrong allowed-client list, say) costs one token request per interval, not one per call.
    /// </summary>
    public TimeSpan RenewAfterRefusalInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After a token request failed, how long the client's calls fail at once with that failure (marked
    /// <see cref="OAuth2GenericException.IsTransient"/>) before the next call requests a token again, so that a provider
    /// in trouble, or one that throttles, does not get one more request per outgoing call. A longer <c>Retry-After</c>
    /// from the provider is honoured, up to <see cref="MaxRetryAfter"/>. Default 5 seconds; more than 0, at most 1 hour.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest wait a provider's <c>Retry-After</c> can impose after a failed token request (see
    /// <see cref="RetryDelay"/>). Default 5 minutes; at least <see cref="RetryDelay"/>, at most 1 day.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a token is used when the answer has no <c>expires_in</c>. Default 5 minutes.</summary>
    public TimeSpan DefaultLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The bound on each token request, body included. Default 1 minute.</summary>
    public TimeSpan BackchannelTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The largest token response body read, in bytes. Default <see cref="OAuth2GenericDefaults.BackchannelMaxResponseSize"/>.</summary>
    public int BackchannelMaxResponseSize { get; set; } = OAuth2GenericDefaults.BackchannelMaxResponseSize;

    /// <summary>
    /// The handler of the client that requests the tokens. By default one that follows no redirects and keeps no
    /// cookies; one of the application's own must not follow redirects either.
    /// </summary>
    public HttpMessageHandler? BackchannelHttpHandler { get; set; }

    /// <summary>What the start-up error says when the token endpoint is missing: a preset names the option it comes from.</summary>
    internal virtual string MissingTokenEndpoint => "TokenEndpoint is required: the provider's token endpoint, an absolute https URL.";

    /// <summary>A provider's own way of saying "slow down", besides 429 and 5xx, if it has one.</summary>
    private protected virtual Predicate<ProviderAnswer>? ThrottlingAnswer => null;

    /// <summary>
    /// What the cached token is filed under: a SHA-256 hash of the token endpoint, the client id, the scopes (in their
    /// order, as sent) and every extra parameter, so that two clients, or one client's two scope sets, never share a token.
    /// </summary>
    internal string CacheKey => _cacheKey ??= MakeCacheKey();

    /// <summary>The token endpoint's host, as log lines name it.</summary>
    internal string TokenHost => _tokenHost ??= new Uri(TokenEndpoint!).Authority;

    /// <summary>The space-separated scopes, or null for none.</summary>
    internal string? ScopeText => Scope.Count == 0 ? null : string.Join(' ', Scope);

    /// <summary>The application's instruments, set when the options are configured.</summary>
    internal OAuth2GenericMetrics? Metrics { get; set; }

    internal TokenClient TokenClient => _tokenClient ??= new TokenClient(
        new ProviderBackchannel(
            // Straight to the handler: the provider client bounds each exchange by BackchannelTimeout, and an HttpClient would
            // add its own (100 s by default, which would cut a longer one short).
            new HttpMessageInvoker(
                BackchannelHttpHandler ?? new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
                disposeHandler: false),
            BackchannelTimeout,
            BackchannelMaxResponseSize,
            ThrottlingAnswer,
            Metrics),
        TokenEndpoint!,
        new ClientAuthentication(AuthScheme, ClientId, ClientSecret),
        [.. TokenParams]);

    private string MakeCacheKey()
    {
        // Each part with its length in front: ("a b", "c") and ("a", "b c") must not give the same key.
        var text = new StringBuilder();
        void Part(string value) => text.Append(value.Length).Append(':').Append(value).Append('|');
        Part(TokenEndpoint ?? string.Empty);
        Part(ClientId);
        Part(ScopeText ?? string.Empty);
        foreach (var (name, value) in TokenParams.OrderBy(parameter => parameter.Key, StringComparer.Ordinal))
        {
            Part(name);
            Part(value);
        }

        return "OAuth2Generic:ClientCredentials:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
