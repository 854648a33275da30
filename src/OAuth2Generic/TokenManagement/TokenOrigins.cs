using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OAuth2Generic;

/// <summary>
/// The origins one token-attaching <c>HttpClient</c> may send its token to: the origin of its <c>BaseAddress</c> and its
/// <see cref="TokenHandlerOptions.AllowedOrigins"/>, each matched exactly (scheme, host and port), so that neither
/// another host nor the same host over plain http ever receives it.
/// </summary>
internal sealed class TokenOrigins
{
    private readonly Uri[] _origins;
    private readonly string _clientName;
    private readonly OtherOriginBehavior _others;

    private TokenOrigins(string clientName, Uri[] origins, OtherOriginBehavior others) =>
        (_clientName, _origins, _others) = (clientName, origins, others);

    /// <summary>The origins of the client named <paramref name="clientName"/>, from its options and its factory configuration.</summary>
    public static TokenOrigins For(string clientName, TokenHandlerOptions options, IServiceProvider services)
    {
        var origins = options.AllowedOrigins.Select(origin => new Uri(origin, UriKind.Absolute)).ToList();
        if (BaseAddressOf(clientName, services) is { IsAbsoluteUri: true } baseAddress)
        {
            origins.Add(baseAddress);
        }

        return new TokenOrigins(clientName, [.. origins], options.OtherOrigins);
    }

    /// <summary>
    /// Whether the token may go with <paramref name="request"/>; false for a request to another origin that is to be
    /// sent without it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The client names no origin at all, or the request goes to another
    /// origin and <see cref="TokenHandlerOptions.OtherOrigins"/> is <see cref="OtherOriginBehavior.Throw"/>.</exception>
    public bool Admit(HttpRequestMessage request, ILogger logger)
    {
        if (_origins.Length == 0)
        {
            throw new InvalidOperationException(
                $"HttpClient '{_clientName}' attaches a token, but names no origin the token is for: give the client a BaseAddress " +
                $"(AddHttpClient(\"{_clientName}\", client => client.BaseAddress = …)), or list the origins its token may be sent to in AllowedOrigins.");
        }

        if (request.RequestUri is { IsAbsoluteUri: true } url)
        {
            foreach (var origin in _origins)
            {
                if (IsSameOrigin(url, origin))
                {
                    return true;
                }
            }
        }

        var target = request.RequestUri is { IsAbsoluteUri: true } absolute ? $"{absolute.Scheme}://{absolute.Authority}" : "(no absolute URL)";
        if (_others == OtherOriginBehavior.Throw)
        {
            throw new InvalidOperationException(
                $"HttpClient '{_clientName}' did not send a request to {target}: its token is not for that origin (the client's BaseAddress " +
                "and AllowedOrigins), and OtherOrigins is Throw.");
        }

        logger.TokenWithheldFromOtherOrigin(_clientName, target);
        return false;
    }

    // RFC 6454 §4: the scheme, the host and the port. Uri gives the default port when the URL names none, and compares
    // hosts in their normal (lower-case, punycode) form.
    private static bool IsSameOrigin(Uri url, Uri origin) =>
        url.Port == origin.Port
        && string.Equals(url.Scheme, origin.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(url.IdnHost, origin.IdnHost, StringComparison.OrdinalIgnoreCase);

    // The factory gives a handler no way to its client's BaseAddress: the client's own configuration, applied to a client
    // that sends nothing, tells it. A BaseAddress set later (in a typed client's constructor) is not seen, and such a
    // client lists its origin in AllowedOrigins.
    private static Uri? BaseAddressOf(string clientName, IServiceProvider services)
    {
        var actions = services.GetRequiredService<IOptionsMonitor<HttpClientFactoryOptions>>().Get(clientName).HttpClientActions;
        if (actions.Count == 0)
        {
            return null;
        }

        using var probe = new HttpClient(new SendsNothing(), disposeHandler: true);
        foreach (var action in actions)
        {
            action(probe);
        }

        return probe.BaseAddress;
    }

    private sealed class SendsNothing : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("This client only reads its configuration.");
    }
}
