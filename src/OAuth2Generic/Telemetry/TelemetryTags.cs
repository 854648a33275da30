namespace OAuth2Generic;

/// <summary>
/// The names of the tags on the package's spans and metric points. OpenTelemetry's own where one fits
/// (<c>error.type</c>, <c>server.address</c>, <c>http.response.status_code</c>); the rest under <c>oauth2generic.</c>.
/// No tag ever holds a secret, a code, a token, a user id or an email: only names, hosts, codes and counts.
/// </summary>
internal static class TelemetryTags
{
    // Status codes and the ports 80 and 443, boxed once: a tag's value is an object, and a span would box each anew.
    private static readonly object[] SmallIntegers = [.. Enumerable.Range(0, 600).Select(static value => (object)value)];

    /// <summary>The authentication scheme's name.</summary>
    public const string Scheme = "oauth2generic.scheme";

    /// <summary><c>success</c> or <c>failure</c>.</summary>
    public const string Outcome = "oauth2generic.outcome";

    /// <summary>The failure reason: one of <see cref="OAuth2GenericFailureReasons"/>, or <c>_OTHER</c>.</summary>
    public const string ErrorType = "error.type";

    /// <summary>
    /// The provider's OAuth <c>error</c> code, when it sent one: one of those the specifications define
    /// (<see cref="OAuthErrorCodes"/>), else <c>_OTHER</c>.
    /// </summary>
    public const string OAuthError = "oauth2generic.oauth.error";

    /// <summary>The id_token check that failed (<see cref="OAuth2GenericException.IdTokenCheck"/>).</summary>
    public const string IdTokenCheck = "oauth2generic.id_token.check";

    /// <summary>The sign-in step a failure happened at (<see cref="FailureStep"/>).</summary>
    public const string Step = "oauth2generic.step";

    /// <summary>Which provider call: <c>code_exchange</c>, <c>user_info</c>, <c>signing_keys</c>, ….</summary>
    public const string Call = "oauth2generic.call";

    /// <summary>Which provider endpoint: <c>token</c>, <c>user_info</c>, <c>jwks</c>, <c>revocation</c>, <c>discovery</c>.</summary>
    public const string Endpoint = "oauth2generic.endpoint";

    /// <summary>The provider endpoint's host.</summary>
    public const string ServerAddress = "server.address";

    /// <summary>The provider endpoint's port.</summary>
    public const string ServerPort = "server.port";

    /// <summary>The HTTP status code of a provider's answer.</summary>
    public const string StatusCode = "http.response.status_code";

    /// <summary>The class of that status: <c>2xx</c>, <c>3xx</c>, <c>4xx</c>, <c>5xx</c>.</summary>
    public const string StatusClass = "oauth2generic.response.status_class";

    /// <summary>Why signing keys were fetched: <c>first</c>, <c>expired</c>, <c>unknown_kid</c> or <c>rejected_key</c>.</summary>
    public const string FetchReason = "oauth2generic.signing_keys.fetch_reason";

    /// <summary>Whether a client-credentials token was in memory: <c>hit</c> or <c>miss</c>.</summary>
    public const string CacheResult = "oauth2generic.cache.result";

    /// <summary>
    /// The value of <see cref="ErrorType"/> for a failure the package did not cause, and of <see cref="OAuthError"/> for
    /// an error code no specification defines.
    /// </summary>
    public const string OtherError = "_OTHER";

    /// <summary>The value boxed, from a cache for 0-599 (every status code, ports 80 and 443).</summary>
    public static object Boxed(int value) => (uint)value < (uint)SmallIntegers.Length ? SmallIntegers[value] : value;
}
