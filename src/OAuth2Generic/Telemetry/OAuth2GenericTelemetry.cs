namespace OAuth2Generic;

/// <summary>
/// The names under which the package reports what sign-ins and provider calls do, for OpenTelemetry's
/// <c>AddSource(...)</c> and <c>AddMeter(...)</c>. Nothing is measured or recorded until a listener subscribes to them.
/// <c>docs/observability.md</c> lists every span, metric and tag.
/// </summary>
public static class OAuth2GenericTelemetry
{
    /// <summary>
    /// The name of the <see cref="System.Diagnostics.ActivitySource"/>: a span for each challenge, each callback and each
    /// call to a provider endpoint, the last the parent of the <c>HttpClient</c> span that System.Net emits.
    /// </summary>
    public const string ActivitySourceName = "OAuth2Generic";

    /// <summary>
    /// The name of the <see cref="System.Diagnostics.Metrics.Meter"/>: sign-ins, their durations, provider-call
    /// durations, signing-key fetches and client-credentials token lookups.
    /// </summary>
    public const string MeterName = "OAuth2Generic";
}
