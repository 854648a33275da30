namespace OAuth2Generic;

/// <summary>
/// The <see cref="HttpClient"/> the provider client sends through. <see cref="ProviderBackchannel"/> bounds each exchange,
/// body included, with its own pooled timeout; the framework's backchannel would add a second timeout of the same
/// length to every request (a linked cancellation source and a timer, about 470 bytes and a timer-queue lock per
/// exchange). So when the framework made the backchannel from the scheme's handler, the provider client gets a client of
/// its own over that same handler without a timeout of its own, with the backchannel's default headers (the framework's
/// User-Agent, which some providers require) and buffer limit. A backchannel the application made itself is used as it
/// is, since its handler cannot be reached.
/// </summary>
internal static class ProviderHttpClient
{
    /// <summary>The client to send through.</summary>
    /// <param name="backchannel">The scheme's backchannel, as the framework or the application made it.</param>
    /// <param name="handler">The handler the framework made <paramref name="backchannel"/> from; null when the application gave its own client.</param>
    public static HttpClient For(HttpClient backchannel, HttpMessageHandler? handler)
    {
        if (handler is null)
        {
            return backchannel;
        }

        // The handler is the scheme's, disposed with it, never by this client.
        var client = new HttpClient(handler, disposeHandler: false)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = backchannel.MaxResponseContentBufferSize,
        };
        foreach (var header in backchannel.DefaultRequestHeaders)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(header.Key, header.Value);
        }

        return client;
    }
}
