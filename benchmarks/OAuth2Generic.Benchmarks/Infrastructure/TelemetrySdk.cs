using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace OAuth2Generic.Benchmarks;

/// <summary>
/// The OpenTelemetry SDK listening to the package as an application would set it up: every span of its source
/// sampled and batched for export, every instrument of its meter aggregated. Disposed, it stops listening.
/// </summary>
internal sealed class TelemetrySdk : IDisposable
{
    private readonly TracerProvider _tracing;
    private readonly MeterProvider _metrics;

    public TelemetrySdk()
    {
        _tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(OAuth2GenericTelemetry.ActivitySourceName)
            .AddProcessor(new BatchActivityExportProcessor(new DiscardingExporter()))
            .Build();
        _metrics = Sdk.CreateMeterProviderBuilder()
            .AddMeter(OAuth2GenericTelemetry.MeterName)
            .Build();
    }

    public void Dispose()
    {
        _tracing.Dispose();
        _metrics.Dispose();
    }
}
