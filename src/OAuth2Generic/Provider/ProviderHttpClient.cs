using System.Net.Http.Headers;

namespace OAuth2Generic;

/// <summary>
/// What the provider client sends through. <see cref="ProviderBackchannel"/> bounds each exchange, body included, with
/// its own pooled timeout; the framework's backchannel would add a second timeout of the same length to every request (a
/// linked cancellation source and a timer, about 470 bytes and a timer-queue lock per exchange), and an
/// <see cref="HttpClient"/> without a timeout still links a cancellation source of its own to every request. So when the
/// framework made the backchannel from the scheme's handler, the provider client sends straight to that handler, with the
/// backchannel's default headers (the framework's User-Agent, which some providers require). A backchannel the
/// application made itself is used as it is, since its handler cannot be reached.
/// </summary>
internal sealed class ProviderHttpClient : HttpMessageInvoker
{
    private readonly KeyValuePair<string, string[]>[] _defaultHeaders;

    // The handler is the scheme's, disposed with it, never by this invoker.
    private ProviderHttpClient(HttpMessageHandler handler, HttpRequestHeaders defaultHeaders)
        : base(handler, disposeHandler: false) =>
        _defaultHeaders = [.. defaultHeaders.NonValidated.Select(header => KeyValuePair.Create(header.Key, header.Value.ToArray()))];

    /// <summary>What to send through.</summary>
    /// <param name="backchannel">The scheme's backchannel, as the framework or the application made it.</param>
    /// <param name="handler">The handler the framework made <paramref name="backchannel"/> from; null when the application gave its own client.</param>
    public static HttpMessageInvoker For(HttpClient backchannel, HttpMessageHandler? handler) =>
        handler is null ? backchannel : new ProviderHttpClient(handler, backchannel.DefaultRequestHeaders);

    /// <inheritdoc/>
    public override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        foreach (var (name, values) in _defaultHeaders)
        {
            // As HttpClient merges its default headers: a header the request already has keeps its own values.
            if (!request.Headers.NonValidated.Contains(name))
            {
                request.Headers.TryAddWithoutValidation(name, values);
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
