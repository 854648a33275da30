using System.Diagnostics;

namespace OAuth2Generic;

/// <summary>
/// One request to one of the provider's endpoints: the HTTP message, the step of the sign-in it serves, the words its
/// failures use for the endpoint, and every secret it carries, so that no failure message shows one back.
/// </summary>
internal sealed class ProviderRequest : IDisposable
{
    /// <summary>Creates the request.</summary>
    /// <param name="step">The step a failure of this request is reported at.</param>
    /// <param name="call">Which call this is, for its span and metrics.</param>
    /// <param name="endpointName">The endpoint as failure messages name it, for example "The token endpoint".</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="url">The endpoint's absolute URL.</param>
    public ProviderRequest(FailureStep step, ProviderCall call, string endpointName, HttpMethod method, string url)
    {
        Step = step;
        Call = call;
        EndpointName = endpointName;
        Message = new HttpRequestMessage(method, url);
        Url = Message.RequestUri!;
    }

    public FailureStep Step { get; }

    public ProviderCall Call { get; }

    public string EndpointName { get; }

    public HttpRequestMessage Message { get; }

    /// <summary>
    /// Where the request was sent: captured at creation, because a handler that follows redirects changes the
    /// message's URI.
    /// </summary>
    public Uri Url { get; }

    /// <summary>The endpoint's host and port, for messages and log lines.</summary>
    public string Host => Url.Authority;

    /// <summary>The secrets this request carries (a code, a token, the client secret), to be redacted from failures.</summary>
    public SentSecrets Secrets { get; } = new();

    /// <summary>
    /// The call's span, while someone listens: started when the request is sent, ended when the request is disposed, so
    /// that a failure found in the answer (see <see cref="ProviderFailure"/>) is recorded on it.
    /// </summary>
    public Activity? Activity { get; set; }

    public void Dispose()
    {
        Activity?.Dispose();
        Message.Dispose();
    }
}
