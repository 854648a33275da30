using System.Diagnostics;

namespace OAuth2Generic;

/// <summary>
/// The package's spans: one per challenge, per callback and per provider call. Each start is a single check of
/// <see cref="ActivitySource.HasListeners"/> when nobody listens, so an application without tracing pays nothing more.
/// </summary>
internal static class OAuth2GenericActivities
{
    public static readonly ActivitySource Source = new(
        OAuth2GenericTelemetry.ActivitySourceName, typeof(OAuth2GenericActivities).Assembly.GetName().Version?.ToString(3));

    /// <summary>The span of a challenge (the redirect to the authorization endpoint), or null when nobody listens.</summary>
    public static Activity? StartChallenge(string scheme, OAuth2GenericOptions options)
    {
        var activity = StartStep("oauth2generic.challenge", scheme);
        if (activity is { IsAllDataRequested: true } && options.AuthorizationHost is { } host)
        {
            activity.SetTag(TelemetryTags.ServerAddress, host);
        }

        return activity;
    }

    /// <summary>The span of a callback, from the request to the ticket, or null when nobody listens.</summary>
    public static Activity? StartCallback(string scheme) => StartStep("oauth2generic.callback", scheme);

    /// <summary>
    /// The span of one call to a provider endpoint, or null when nobody listens. It is the current activity while the
    /// request is sent, so System.Net's <c>HttpClient</c> span is its child.
    /// </summary>
    /// <remarks>
    /// Internal, not Client: the network call is already traced by System.Net's own Client span under it, and
    /// OpenTelemetry's guidance for libraries is one Client span per network call, not a second one around it
    /// (docs/observability.md cites it).
    /// </remarks>
    public static Activity? StartProviderCall(ProviderRequest request)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(request.Call.SpanName(), ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.Call, request.Call.Name());
            activity.SetTag(TelemetryTags.Endpoint, request.Call.Endpoint());
            activity.SetTag(TelemetryTags.Step, request.Step.Name());
            activity.SetTag(TelemetryTags.ServerAddress, request.Url.Host);
            activity.SetTag(TelemetryTags.ServerPort, TelemetryTags.Boxed(request.Url.Port));
        }

        return activity;
    }

    private static Activity? StartStep(string name, string scheme)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(name, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.Scheme, scheme);
        }

        return activity;
    }

    /// <summary>
    /// Marks the span failed with the failure's reason, the provider's OAuth error code (a known one, else <c>_OTHER</c>)
    /// and the id_token check; the status description is the reason too, never the message (it may quote what the
    /// provider said).
    /// </summary>
    public static void Failed(Activity? activity, OAuth2GenericException failure)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(TelemetryTags.Outcome, "failure");
        activity.SetTag(TelemetryTags.ErrorType, failure.Reason);
        activity.SetTag(TelemetryTags.Step, failure.Step.Name());
        if (failure.Error is { } error)
        {
            activity.SetTag(TelemetryTags.OAuthError, OAuthErrorCodes.ForTelemetry(error));
        }

        if (failure.IdTokenCheck is { } check)
        {
            activity.SetTag(TelemetryTags.IdTokenCheck, check);
        }

        activity.SetStatus(ActivityStatusCode.Error, failure.Reason);
    }
}
