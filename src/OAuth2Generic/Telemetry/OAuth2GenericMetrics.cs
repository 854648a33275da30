using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OAuth2Generic;

/// <summary>
/// The package's instruments, from the application's <see cref="IMeterFactory"/> (one set per service provider, so
/// that tests and hosts side by side do not mix their measurements). Every record first asks the instrument whether
/// anyone listens, so that an application without metrics builds no tags.
/// </summary>
internal sealed class OAuth2GenericMetrics
{
    // A callback or a provider call: milliseconds to seconds.
    private static readonly InstrumentAdvice<double> ShortDurations = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30],
    };

    // A whole sign-in includes the user at the provider's page: seconds to minutes.
    private static readonly InstrumentAdvice<double> SignInDurations = new()
    {
        HistogramBucketBoundaries = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800],
    };

    private readonly Counter<long> _signIns;
    private readonly Histogram<double> _signInDuration;
    private readonly Histogram<double> _callbackDuration;
    private readonly Histogram<double> _providerRequestDuration;
    private readonly Counter<long> _signingKeyFetches;
    private readonly Counter<long> _clientCredentialsLookups;
    private readonly Counter<long> _tokenRefreshes;

    public OAuth2GenericMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(OAuth2GenericTelemetry.MeterName, typeof(OAuth2GenericMetrics).Assembly.GetName().Version?.ToString(3));
        _signIns = meter.CreateCounter<long>(
            "oauth2generic.sign_ins", "{sign_in}", "Callbacks handled, by outcome and failure reason.");
        _signInDuration = meter.CreateHistogram(
            "oauth2generic.sign_in.duration", "s", "From the challenge to the ticket, to within a second, for callbacks with a valid state.", tags: null, SignInDurations);
        _callbackDuration = meter.CreateHistogram(
            "oauth2generic.callback.duration", "s", "The callback's own work: state, code exchange, user information, claims.", tags: null, ShortDurations);
        _providerRequestDuration = meter.CreateHistogram(
            "oauth2generic.provider.request.duration", "s", "One call to a provider endpoint, body included.", tags: null, ShortDurations);
        _signingKeyFetches = meter.CreateCounter<long>(
            "oauth2generic.signing_keys.fetches", "{fetch}", "Fetches of a provider's signing keys (JWKS), by why they were fetched.");
        _clientCredentialsLookups = meter.CreateCounter<long>(
            "oauth2generic.client_credentials.lookups", "{lookup}", "Client-credentials tokens asked for, by where they came from.");
        _tokenRefreshes = meter.CreateCounter<long>(
            "oauth2generic.token_refreshes", "{refresh}", "Refreshes of a session's saved tokens, one per request that needed one (requests that wait for the same redemption count each), by outcome and failure reason.");
    }

    /// <summary>Whether anyone listens to the callback's instruments: their timing and tags are skipped otherwise.</summary>
    public bool CallbacksEnabled => _signIns.Enabled || _callbackDuration.Enabled || _signInDuration.Enabled;

    /// <summary>Records a handled callback.</summary>
    /// <param name="scheme">The scheme.</param>
    /// <param name="outcome"><c>success</c>, <c>failure</c> or <c>skipped</c>.</param>
    /// <param name="reason">The failure's reason, or null on success.</param>
    /// <param name="callbackStarted">The <see cref="Stopwatch"/> timestamp the callback began at.</param>
    /// <param name="signInSeconds">Seconds since the challenge, when the state said when it was.</param>
    public void CallbackHandled(string scheme, string outcome, string? reason, long callbackStarted, double? signInSeconds)
    {
        var tags = OutcomeTags(scheme, outcome, reason);
        _signIns.Add(1, tags);
        _callbackDuration.Record(Stopwatch.GetElapsedTime(callbackStarted).TotalSeconds, tags);
        if (signInSeconds is { } seconds)
        {
            _signInDuration.Record(seconds, tags);
        }
    }

    /// <summary>Whether anyone listens to provider-call durations.</summary>
    public bool ProviderRequestsEnabled => _providerRequestDuration.Enabled;

    /// <summary>Records one call to a provider endpoint.</summary>
    /// <param name="request">The request.</param>
    /// <param name="status">The answer's status code, or null when there was no answer.</param>
    /// <param name="errorType">The transport failure's reason, when there was no usable answer.</param>
    /// <param name="started">The <see cref="Stopwatch"/> timestamp the call began at.</param>
    public void ProviderRequestDone(ProviderRequest request, int? status, string? errorType, long started)
    {
        var tags = new TagList
        {
            { TelemetryTags.Call, request.Call.Name() },
            { TelemetryTags.Endpoint, request.Call.Endpoint() },
            { TelemetryTags.ServerAddress, request.Url.Host },
        };
        if (status is { } code)
        {
            tags.Add(TelemetryTags.StatusClass, ProviderCallNames.StatusClass(code));
        }

        if (errorType is not null)
        {
            tags.Add(TelemetryTags.ErrorType, errorType);
        }

        _providerRequestDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }

    /// <summary>Counts a fetch of signing keys.</summary>
    /// <param name="host">The JWKS endpoint's host.</param>
    /// <param name="reason"><c>first</c>, <c>expired</c>, <c>unknown_kid</c> or <c>rejected_key</c>.</param>
    public void SigningKeysFetching(string host, string reason)
    {
        if (_signingKeyFetches.Enabled)
        {
            _signingKeyFetches.Add(1, new KeyValuePair<string, object?>(TelemetryTags.FetchReason, reason), new KeyValuePair<string, object?>(TelemetryTags.ServerAddress, host));
        }
    }

    /// <summary>Counts a client-credentials token asked for.</summary>
    /// <param name="result">
    /// <c>hit</c> (in memory and not due for renewal) or <c>miss</c> (the caller waits for the distributed cache or a
    /// token request, which the provider-request histogram counts as <c>client_credentials</c>).
    /// </param>
    public void ClientCredentialsLookup(string result)
    {
        if (_clientCredentialsLookups.Enabled)
        {
            _clientCredentialsLookups.Add(1, new KeyValuePair<string, object?>(TelemetryTags.CacheResult, result));
        }
    }

    /// <summary>Records the refresh of a session's saved tokens: <c>success</c>, <c>failure</c> (kept) or <c>session_ended</c>.</summary>
    public void TokenRefreshed(string scheme, string outcome, string? reason)
    {
        if (_tokenRefreshes.Enabled)
        {
            _tokenRefreshes.Add(1, OutcomeTags(scheme, outcome, reason));
        }
    }

    // The tags of an outcome of a scheme: a sign-in's, or a refresh's.
    private static TagList OutcomeTags(string scheme, string outcome, string? reason)
    {
        var tags = new TagList
        {
            { TelemetryTags.Scheme, scheme },
            { TelemetryTags.Outcome, outcome },
        };
        if (reason is not null)
        {
            tags.Add(TelemetryTags.ErrorType, reason);
        }

        return tags;
    }
}
