using System.Diagnostics;
using OpenTelemetry;

namespace OAuth2Generic.Benchmarks;

/// <summary>
/// An OpenTelemetry span exporter that drops what it is given: the SDK's work (sampling, processing, batching) stays
/// in the measurement, the cost of sending spans somewhere does not, and memory does not grow over millions of spans.
/// </summary>
internal sealed class DiscardingExporter : BaseExporter<Activity>
{
    public override ExportResult Export(in Batch<Activity> batch) => ExportResult.Success;
}
