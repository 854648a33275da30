namespace OAuth2Generic;

/// <summary>
/// Where the token of an <c>HttpClient</c> that attaches one (<c>AddUserAccessToken</c>, <c>AddClientCredentialsToken</c>)
/// may go: the origin of the client's <c>BaseAddress</c>, and the origins listed here; never anywhere else.
/// </summary>
public class TokenHandlerOptions
{
    /// <summary>
    /// More origins the token may be sent to, besides the origin of the client's <c>BaseAddress</c>: each a scheme, a
    /// host and a port, written as a URL without a path (<c>https://api.example.com</c>,
    /// <c>https://reports.example.com:8443</c>). An origin matches exactly: <c>https://api.example.com</c> does not admit
    /// <c>http://api.example.com</c> nor <c>https://eu.api.example.com</c>. Required for a client without a
    /// <c>BaseAddress</c> (set in <c>AddHttpClient</c> or <c>ConfigureHttpClient</c>); such a client with none here fails
    /// at its first request, since it would not know where its token belongs.
    /// </summary>
    public IList<string> AllowedOrigins { get; set; } = [];

    /// <summary>
    /// What happens to a request to any other origin (a URL built from input, a "next" link an API returned): it is sent
    /// without the token (the default, as Blazor's <c>AuthorizationMessageHandler</c> does, with a log line), or it fails
    /// with an <see cref="InvalidOperationException"/> and is not sent.
    /// </summary>
    public OtherOriginBehavior OtherOrigins { get; set; } = OtherOriginBehavior.SendWithoutToken;
}
