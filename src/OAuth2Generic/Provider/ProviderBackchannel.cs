using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;

namespace OAuth2Generic;

/// <summary>
/// The one way the package talks to a provider: the code exchange, user info, the signing keys and revocation all go
/// through it, so that each gets the same transport rules. One per scheme, shared by its requests.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Each exchange, body included, is bounded by the scheme's <c>BackchannelTimeout</c>: <see cref="HttpClient.Timeout"/>
/// stops at the response headers when the body is streamed.</item>
/// <item>No redirect is followed: the package's own backchannel handler does not follow them, and an answer that
/// came from another URL (an application's handler that does) is refused. A redirect must never carry a code, a
/// secret or a token to another host, nor let another host supply the user's identity or the signing keys.</item>
/// <item>A body is read up to <c>BackchannelMaxResponseSize</c> and no further.</item>
/// <item>Transport failures become <see cref="OAuth2GenericException"/>s, marked transient where trying again may help;
/// whatever else the backchannel throws (an application's handler may throw anything) becomes one too.</item>
/// <item>Failures are worded once, by <see cref="ProviderFailure"/>.</item>
/// <item>Each exchange is a span of the package's <see cref="System.Diagnostics.ActivitySource"/>, the parent of
/// System.Net's own, and a point of the provider-request duration histogram, when anyone listens.</item>
/// </list>
/// </remarks>
/// <param name="client">The scheme's backchannel: the application's <see cref="HttpClient"/>, or what sends straight to the framework's handler (<see cref="ProviderHttpClient"/>).</param>
/// <param name="timeout">The bound on each exchange.</param>
/// <param name="maxResponseSize">The largest body read, in bytes.</param>
/// <param name="isThrottling">A provider's own way of saying "slow down" besides 429 and 5xx, if it has one.</param>
/// <param name="metrics">The application's instruments, or null when the options were made outside its services.</param>
internal sealed class ProviderBackchannel(
    HttpMessageInvoker client, TimeSpan timeout, int maxResponseSize, Predicate<ProviderAnswer>? isThrottling, OAuth2GenericMetrics? metrics)
{
    // The timeout of each exchange. Pooled: a source whose timer did not fire is reset and serves the next exchange,
    // with its timer, so that a sign-in's exchanges allocate none.
    private readonly ObjectPool<CancellationTokenSource> _timeouts = new DefaultObjectPoolProvider().Create(new ExchangeTimeoutPolicy());

    /// <summary>The application's instruments, for the callers' own counters.</summary>
    public OAuth2GenericMetrics? Metrics => metrics;

    /// <summary>Sends the request and reads its whole answer, whatever its status.</summary>
    /// <exception cref="OAuth2GenericException">The exchange failed: no answer in time, no connection, a redirect
    /// that was followed, or a body over the cap.</exception>
    public async Task<ProviderAnswer> SendAsync(ProviderRequest request, ILogger logger, CancellationToken cancellationToken)
    {
        var message = request.Message;
        // As text: the typed Accept collection would be made for this one value.
        message.Headers.TryAddWithoutValidation("Accept", "application/json");
        var exchange = _timeouts.Get();
        exchange.CancelAfter(timeout);
        var aborted = cancellationToken.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), exchange);
        var started = Stopwatch.GetTimestamp();
        request.Activity = OAuth2GenericActivities.StartProviderCall(request);
        int? status = null;
        string? failure = null;
        try
        {
            // An application's HttpClient is asked not to buffer the body: the bounded reader below reads it.
            using var response = await (client is HttpClient http
                ? http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, exchange.Token)
                : client.SendAsync(message, exchange.Token));
            status = (int)response.StatusCode;
            request.Activity?.SetTag(TelemetryTags.StatusCode, TelemetryTags.Boxed(status.Value));
            if (response.RequestMessage?.RequestUri is { } answeredBy && answeredBy != request.Url)
            {
                throw ProviderFailure.Exchange(
                    request,
                    OAuth2GenericFailureReasons.ProviderAnswerRefused,
                    $"was redirected to {answeredBy.Authority}, and redirects must not be followed: set AllowAutoRedirect = false on the BackchannelHttpHandler.");
            }

            var body = await BoundedContentReader.ReadAsync(response.Content, maxResponseSize, exchange.Token);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                logger.BackchannelResponse(
                    request.EndpointName, request.Host, (int)response.StatusCode, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            if (body is null)
            {
                throw ProviderFailure.Exchange(request, OAuth2GenericFailureReasons.ProviderAnswerRefused, $"answered with a body larger than BackchannelMaxResponseSize ({maxResponseSize} bytes).");
            }

            // The challenge and the redirect target only tell why an answer failed; a successful one does without them.
            var failed = !response.IsSuccessStatusCode;
            return new ProviderAnswer(
                response.StatusCode,
                response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var contentType) ? contentType.ToString() : null,
                failed && response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var challenge) ? challenge.ToString() : null,
                failed && response.Headers.Location is { IsAbsoluteUri: true } location ? location.Authority : null,
                body.Value,
                failed ? RetryAfter(response) : null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (exception is not (OperationCanceledException or OAuth2GenericException) && exchange.IsCancellationRequested)
            {
                // A handler that reports the abort as a failed request (HttpClient turned that into a cancellation): the
                // caller's own cancellation goes up as one, and the exchange's timeout is a timeout.
                exception = cancellationToken.IsCancellationRequested
                    ? throw new OperationCanceledException(exception.Message, exception, cancellationToken)
                    : new OperationCanceledException(exception.Message, exception);
            }

            // The caller's own cancellation goes up as it is; anything else ends as the package's failure.
            var translated = exception as OAuth2GenericException ?? Translate(request, exception);
            failure = translated.Reason;
            if (ReferenceEquals(translated, exception))
            {
                throw;
            }

            throw translated;
        }
        finally
        {
            aborted.Dispose();
            _timeouts.Return(exchange);
            if (metrics is { ProviderRequestsEnabled: true })
            {
                metrics.ProviderRequestDone(request, status, failure, started);
            }
        }
    }

    // RFC 9110 §10.2.3: a number of seconds, or a date, read against the answer's own Date when it has one (the
    // provider's clock), else this machine's.
    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - (response.Headers.Date ?? DateTimeOffset.UtcNow),
        _ => null,
    };

    // A transport failure as the package's failure: transient where trying again may help.
    private OAuth2GenericException Translate(ProviderRequest request, Exception exception) => exception switch
    {
        OperationCanceledException => ProviderFailure.Exchange(
            request, OAuth2GenericFailureReasons.Timeout, $"did not answer within BackchannelTimeout ({timeout}).", exception, isTransient: true),
        HttpRequestException http => ProviderFailure.Exchange(
            request, OAuth2GenericFailureReasons.ProviderUnreachable, $"could not be reached ({http.HttpRequestError}): {ProviderFailure.Describe(request, http)}", http, isTransient: true),

        // A connection that breaks while the body streams in surfaces here, not as an HttpRequestException.
        IOException => ProviderFailure.Exchange(
            request, OAuth2GenericFailureReasons.ProviderUnreachable, $"broke off its answer: {ProviderFailure.Describe(request, exception)}", exception, isTransient: true),

        // An application's BackchannelHttpHandler (a circuit breaker, say) may throw anything: the sign-in still ends
        // as the package's failure, not as a 500.
        _ => ProviderFailure.Exchange(
            request, OAuth2GenericFailureReasons.ProviderUnreachable, $"could not be called: {exception.GetType().Name}: {ProviderFailure.Describe(request, exception)}", exception),
    };

    /// <summary>Sends the request and parses the body of its 2xx answer as JSON, whatever its Content-Type.</summary>
    /// <returns>The document; the caller disposes it.</returns>
    /// <exception cref="OAuth2GenericException">The exchange failed, the answer is not a 2xx, or its body is not JSON.</exception>
    public async Task<JsonDocument> GetJsonAsync(ProviderRequest request, ILogger logger, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(request, logger, cancellationToken);
        return !answer.IsSuccess
            ? throw Failure(request, answer)
            : ProviderJson.TryParse(answer.Body) ?? throw ProviderFailure.NotJson(request, answer);
    }

    /// <summary>The failure a non-2xx answer is: see <see cref="ProviderFailure.Status"/>.</summary>
    public OAuth2GenericException Failure(ProviderRequest request, ProviderAnswer answer) =>
        ProviderFailure.Status(request, answer, isThrottling);

    // A source goes back to the pool only when it can be reset: one whose timer fired, or that the request's abort
    // cancelled, stays cancelled, and is disposed instead.
    private sealed class ExchangeTimeoutPolicy : IPooledObjectPolicy<CancellationTokenSource>
    {
        public CancellationTokenSource Create() => new();

        public bool Return(CancellationTokenSource obj) => obj.TryReset();
    }
}
