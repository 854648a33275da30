using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace OAuth2Generic.Benchmarks;

/// <summary>
/// The OpenTelemetry SDK listening as an application would set it up: every span sampled and batched for export, every
/// instrument aggregated, of the package's source and meter and, with <c>requests</c>, of ASP.NET Core's (its request
/// spans and metrics, which an application that traces has). Disposed, it stops listening.
/// </summary>
internal sealed class TelemetrySdk : IDisposable
{
    private readonly TracerProvider _tracing;
    private readonly MeterProvider _metrics;

    public TelemetrySdk(bool package = true, bool requests = false)
    {
        string[] sources = [.. Names(package, OAuth2GenericTelemetry.ActivitySourceName, requests, AspNetCore)];
        string[] meters = [.. Names(package, OAuth2GenericTelemetry.MeterName, requests, AspNetCoreHosting)];
        _tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(sources)
            .AddProcessor(new BatchActivityExportProcessor(new DiscardingExporter()))
            .Build();
        _metrics = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meters)
            .Build();
    }

    // The ActivitySource of ASP.NET Core's request spans, and the meter of its request duration.
    private const string AspNetCore = "Microsoft.AspNetCore";
    private const string AspNetCoreHosting = "Microsoft.AspNetCore.Hosting";

    private static IEnumerable<string> Names(bool package, string packageName, bool requests, string requestsName)
    {
        if (package)
        {
            yield return packageName;
        }

        if (requests)
        {
            yield return requestsName;
        }
    }

    public void Dispose()
    {
        _tracing.Dispose();
        _metrics.Dispose();
    }
}
