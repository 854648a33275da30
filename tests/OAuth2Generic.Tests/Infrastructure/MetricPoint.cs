using System.Diagnostics.Metrics;

namespace OAuth2Generic.Tests;

/// <summary>One measurement a <see cref="TelemetryRecorder"/> saw.</summary>
internal sealed record MetricPoint(Instrument Instrument, double Value, KeyValuePair<string, object?>[] Tags)
{
    /// <summary>The tag's value, or null when the point has no such tag.</summary>
    public object? this[string tag] => Tags.FirstOrDefault(pair => pair.Key == tag).Value;
}
