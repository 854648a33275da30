using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace OAuth2Generic.Cognito;

/// <summary>
/// Options of the Cognito access-token handler (<c>AddCognitoJwtBearer</c>): which user pool issues the tokens, which app
/// clients they may be issued to, which token use is accepted, and how the pool's signing keys are kept.
/// </summary>
/// <remarks>
/// The checks are those of AWS's <c>aws-jwt-verify</c>: the JSON types of the registered claims, an RS256 signature by a
/// key of the pool's JWKS, <c>iss</c> the pool (in either of Cognito's forms), <c>exp</c> and <c>nbf</c> exactly,
/// <c>token_use</c> as accepted, and the app client: <c>client_id</c> for an access token (Cognito's access tokens have
/// no <c>aud</c>), <c>aud</c> for an id token. The README's table says where the package is stricter, and why.
/// </remarks>
public class CognitoJwtBearerOptions : AuthenticationSchemeOptions
{
    private SigningKeys? _signingKeys;
    private ProviderBackchannel? _providerBackchannel;
    private CognitoValidationCache? _validationCache;
    private TrustedUserPools? _trustedPools;

    /// <summary>Creates the options, with events that do nothing until a delegate is set.</summary>
    public CognitoJwtBearerOptions() => Events = new CognitoJwtBearerEvents();

    /// <summary>
    /// The events the handler raises, those of <c>JwtBearerEvents</c>; or name a type derived from
    /// <see cref="CognitoJwtBearerEvents"/> in <c>EventsType</c>, resolved from the request's services. Events of another
    /// type fail at start-up.
    /// </summary>
    public new CognitoJwtBearerEvents Events
    {
        get => (CognitoJwtBearerEvents)base.Events!;
        set => base.Events = value;
    }

    /// <summary>
    /// Whether the validated token is kept in the authentication properties, so that
    /// <c>HttpContext.GetTokenAsync("access_token")</c> gives it (an API passing the caller's token on). Default false, as
    /// JwtBearer's.
    /// </summary>
    public bool SaveToken { get; set; }

    /// <summary>
    /// The paths (each with the paths under it, for example <c>/hubs/chat</c>) where a request without an
    /// <c>Authorization</c> header may carry the token as the <c>access_token</c> query parameter (RFC 6750 §2.3): SignalR
    /// and browsers' WebSocket and server-sent-event connections cannot set a header. Empty by default: everywhere else a
    /// token in the URL is ignored, since URLs end up in logs and browser history.
    /// </summary>
    public IList<PathString> QueryTokenPaths { get; set; } = [];

    /// <summary>The AWS region of the user pool, for example <c>us-east-1</c>; taken from <see cref="UserPoolId"/> when not set.</summary>
    public string? Region { get; set; }

    /// <summary>
    /// The user pool id, <c>{region}_{id}</c> (for example <c>us-east-1_AbC123xyz</c>): the issuer is
    /// <c>https://cognito-idp.{region}.amazonaws.com/{user pool id}</c>.
    /// </summary>
    public string? UserPoolId { get; set; }

    /// <summary>
    /// The issuer; wins over the one made from <see cref="Region"/> and <see cref="UserPoolId"/> (a test points it at the
    /// emulator). A token's <c>iss</c> must equal it exactly, and the keys are those at <c>{Issuer}/.well-known/jwks.json</c>;
    /// a user pool's issuer also stands for its other form, as for <c>aws-jwt-verify</c>:
    /// <c>https://issuer-cognito-idp.{region}.amazonaws.com/{user pool id}</c> (Cognito's multi-region issuer) for
    /// <c>https://cognito-idp.{region}.amazonaws.com/{user pool id}</c>, and back, with the same keys.
    /// </summary>
    public string? Issuer { get; set; }

    /// <summary>
    /// More user pools whose tokens are accepted, by issuer (<c>https://cognito-idp.{region}.amazonaws.com/{user pool id}</c>),
    /// beside <see cref="Issuer"/> (or <see cref="UserPoolId"/>), with the same <see cref="ClientIds"/>: an API that
    /// trusts a fixed set of pools. Each pool's keys are fetched from its own JWKS; a token's <c>iss</c> chooses the pool,
    /// and a token of any other issuer is refused before a key is fetched.
    /// </summary>
    public IList<string> Issuers { get; set; } = [];

    /// <summary>
    /// The application's answer, by a token's <c>iss</c>, to which user pools are trusted, for pools added while the
    /// application runs (a tenant each). Asked for issuers that are neither <see cref="Issuer"/> nor in
    /// <see cref="Issuers"/>; its answers, with each pool's signing keys, are kept for <see cref="PoolCacheDuration"/>,
    /// <see cref="PoolCacheSizeLimit"/> pools at most. With a resolver, <see cref="Issuer"/>, <see cref="UserPoolId"/>
    /// and <see cref="ClientIds"/> may be left unset.
    /// </summary>
    public CognitoPoolResolver? PoolResolver { get; set; }

    /// <summary>
    /// How many of <see cref="PoolResolver"/>'s pools are kept, with their signing keys; the least recently used leaves
    /// first, and is resolved (and its keys fetched) again when a token of it comes back. Default 1,000.
    /// </summary>
    public int PoolCacheSizeLimit { get; set; } = 1000;

    /// <summary>How long an answer of <see cref="PoolResolver"/> is used before it is asked again (the pool's keys are
    /// kept across). Default 1 hour.</summary>
    public TimeSpan PoolCacheDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long <see cref="PoolResolver"/> may take to answer; past it the token is refused (401). Default 5 seconds.</summary>
    public TimeSpan PoolResolverTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The app clients whose tokens are accepted: an access token's <c>client_id</c>, or an id token's <c>aud</c>, must be
    /// one of them. Required: a token issued to any other app client of the pool is refused.
    /// </summary>
    public IList<string> ClientIds { get; set; } = [];

    /// <summary>Which tokens are accepted, by <c>token_use</c>. Default <see cref="CognitoTokenUse.Access"/>.</summary>
    public CognitoTokenUse TokenUse { get; set; } = CognitoTokenUse.Access;

    /// <summary>
    /// The clock skew allowed when <c>exp</c> and <c>nbf</c> are checked. Default zero, as <c>aws-jwt-verify</c>'s: a token
    /// is accepted until the second its <c>exp</c> names.
    /// </summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.Zero;

    /// <summary>How long the user pool's signing keys are used before they are fetched again. Default 12 hours.</summary>
    public TimeSpan AutomaticRefreshInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// The shortest time between two fetches of the signing keys caused by a token signed with a key that is not known
    /// (after Cognito rotates its keys, or a forged kid). Default 30 seconds: however many unknown key ids arrive, the
    /// pool's JWKS is fetched at most once per interval.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether a token whose header names no signing key (<c>kid</c>) is verified with every key of the pool. Default
    /// false, as <c>aws-jwt-verify</c>: Cognito names the key of every token it issues, so a token without <c>kid</c> is
    /// refused.
    /// </summary>
    public bool AcceptTokensWithoutKeyId { get; set; }

    /// <summary>
    /// The memory the validated tokens may take, in bytes: a token presented again (a single-page app calling the API
    /// many times) is not verified again until its <c>exp</c>. Keyed by a SHA-256 hash of the whole token, never the token
    /// itself; each remembered token counts for an estimate of what its claims and entry keep, at least what they really
    /// take, and a token that would pass the limit is not remembered. Default
    /// <see cref="CognitoJwtBearerDefaults.ValidationCacheSizeLimit"/> (8 MiB); 0 turns the cache off.
    /// </summary>
    public long ValidationCacheSizeLimit { get; set; } = CognitoJwtBearerDefaults.ValidationCacheSizeLimit;

    /// <summary>
    /// The longest token the validation cache remembers, in characters (a token is ASCII, so bytes): a longer one (large
    /// custom claims) is verified at every request. Default <see cref="CognitoJwtBearerDefaults.ValidationCacheMaxTokenSize"/>
    /// (8 KiB); must be more than 0.
    /// </summary>
    public int ValidationCacheMaxTokenSize { get; set; } = CognitoJwtBearerDefaults.ValidationCacheMaxTokenSize;

    /// <summary>The bound on the download of the signing keys. Default 1 minute.</summary>
    public TimeSpan BackchannelTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The handler of the client that downloads the signing keys, when <see cref="Backchannel"/> is not set. By default
    /// one that follows no redirects and keeps no cookies.
    /// </summary>
    public HttpMessageHandler? BackchannelHttpHandler { get; set; }

    /// <summary>The client that downloads the signing keys; made from <see cref="BackchannelHttpHandler"/> when not set.</summary>
    public HttpClient Backchannel { get; set; } = null!;

    /// <summary>The largest JWKS body read, in bytes. Default <see cref="OAuth2GenericDefaults.BackchannelMaxResponseSize"/>.</summary>
    public int BackchannelMaxResponseSize { get; set; } = OAuth2GenericDefaults.BackchannelMaxResponseSize;

    /// <summary>The issuer as Cognito writes it in <c>iss</c>, without a trailing slash; null until one is known.</summary>
    internal string? EffectiveIssuer => string.IsNullOrWhiteSpace(Issuer) ? null : Issuer.TrimEnd('/');

    /// <summary>The section the options were bound from, for the start-up report.</summary>
    internal IConfigurationSection? BoundFromSection { get; set; }

    /// <summary>The application's keys of every user pool, set by the post-configuration.</summary>
    internal SigningKeyCache? SharedSigningKeys { get; set; }

    internal ProviderBackchannel ProviderBackchannel =>
        _providerBackchannel ??= new ProviderBackchannel(
            Backchannel, BackchannelTimeout, BackchannelMaxResponseSize, CognitoThrottling.IsRateExceeded, Metrics);

    /// <summary>The application's instruments, set by the post-configuration.</summary>
    internal OAuth2GenericMetrics? Metrics { get; set; }

    /// <summary>The pool's signing keys, the same object a sign-in scheme of the same pool uses.</summary>
    internal SigningKeys SigningKeys => _signingKeys ?? SigningKeyCache.Resolve(
        ref _signingKeys, SharedSigningKeys, EffectiveIssuer, () => ProviderBackchannel, AutomaticRefreshInterval, RefreshInterval);

    /// <summary>The scheme's name, set by the post-configuration; for the log lines of the pools' resolver.</summary>
    internal string SchemeName { get; set; } = CognitoJwtBearerDefaults.AuthenticationScheme;

    /// <summary>The pools whose tokens are accepted; made at the first request, after every post-configuration.</summary>
    internal TrustedUserPools TrustedPools
    {
        get
        {
            if (_trustedPools is null)
            {
                Interlocked.CompareExchange(ref _trustedPools, new TrustedUserPools(this, SchemeName), null);
            }

            return _trustedPools;
        }
    }

    /// <summary>The tokens this scheme validated, until their <c>exp</c>; null when <see cref="ValidationCacheSizeLimit"/> is 0.</summary>
    internal CognitoValidationCache? ValidationCache
    {
        get
        {
            if (_validationCache is null && ValidationCacheSizeLimit > 0)
            {
                Interlocked.CompareExchange(ref _validationCache, new CognitoValidationCache(ValidationCacheSizeLimit, ValidationCacheMaxTokenSize), null);
            }

            return _validationCache;
        }
    }
}
