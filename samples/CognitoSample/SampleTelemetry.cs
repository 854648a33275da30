using OAuth2Generic;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CognitoSample;

/// <summary>
/// OpenTelemetry for the sample, off unless <c>Telemetry:Console</c> is true (<c>Telemetry__Console=true dotnet run</c>):
/// the package's spans and metrics, with ASP.NET Core's request spans and System.Net's HttpClient spans around and
/// under them, written to the console. A real app replaces the console exporter with OTLP and keeps the rest.
/// </summary>
internal static class SampleTelemetry
{
    public static void AddTo(WebApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue<bool>("Telemetry:Console"))
        {
            return;
        }

        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddSource(OAuth2GenericTelemetry.ActivitySourceName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddConsoleExporter())
            .WithMetrics(metrics => metrics
                .AddMeter(OAuth2GenericTelemetry.MeterName)
                .AddConsoleExporter());
    }
}
