using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace OAuth2Generic.Tests;

/// <summary>
/// Listens to what one test's app reports, as an OpenTelemetry SDK would: the spans of one trace (the package's, the
/// ASP.NET Core request spans and System.Net's <c>HttpClient</c> spans) and the measurements of the package's meter
/// made by that app's <see cref="IMeterFactory"/>, so that tests running side by side do not see each other's.
/// </summary>
internal sealed class TelemetryRecorder : IDisposable
{
    private static readonly string[] Sources = [OAuth2GenericTelemetry.ActivitySourceName, "Microsoft.AspNetCore", "System.Net.Http"];

    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<MetricPoint> _points = new();

    /// <summary>Starts listening to the spans of <see cref="TraceId"/>, and to the metrics of the app's meter factory.</summary>
    /// <param name="services">The app's services, whose meter factory the measurements must come from.</param>
    /// <param name="everyTrace">Records the package's spans of every trace, not only <see cref="TraceId"/>'s.</param>
    public TelemetryRecorder(IServiceProvider services, bool everyTrace = false)
    {
        var scope = services.GetRequiredService<IMeterFactory>();
        _activities = new ActivityListener
        {
            ShouldListenTo = source => Sources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == TraceId || (everyTrace && activity.Source.Name == OAuth2GenericTelemetry.ActivitySourceName))
                {
                    _spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_activities);

        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == OAuth2GenericTelemetry.MeterName && ReferenceEquals(instrument.Meter.Scope, scope))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _points.Enqueue(new MetricPoint(instrument, value, tags.ToArray())));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _points.Enqueue(new MetricPoint(instrument, value, tags.ToArray())));
        _meters.Start();
    }

    /// <summary>The trace the test's requests belong to: send <see cref="TraceParent"/> with each of them.</summary>
    public ActivityTraceId TraceId { get; } = ActivityTraceId.CreateRandom();

    /// <summary>The W3C <c>traceparent</c> header that puts a request in <see cref="TraceId"/>.</summary>
    public string TraceParent => $"00-{TraceId}-{ActivitySpanId.CreateRandom()}-01";

    /// <summary>The spans that ended, in the order they ended.</summary>
    public IReadOnlyList<Activity> Spans => [.. _spans];

    /// <summary>The package's spans that ended, in the order they ended.</summary>
    public IReadOnlyList<Activity> PackageSpans => [.. _spans.Where(span => span.Source.Name == OAuth2GenericTelemetry.ActivitySourceName)];

    /// <summary>The measurements made so far.</summary>
    public IReadOnlyList<MetricPoint> Points => [.. _points];

    /// <summary>The one span of that name.</summary>
    public Activity Span(string name) => Assert.Single(Spans, span => span.OperationName == name);

    /// <summary>The measurements of one instrument.</summary>
    public IReadOnlyList<MetricPoint> PointsOf(string instrument) => [.. _points.Where(point => point.Instrument.Name == instrument)];

    /// <summary>Every tag value and every other text of every span and measurement, for the secrets tests.</summary>
    public IEnumerable<string> AllText()
    {
        foreach (var span in _spans)
        {
            yield return span.OperationName;
            yield return span.DisplayName;
            yield return span.StatusDescription ?? "";
            foreach (var (key, value) in span.EnumerateTagObjects())
            {
                yield return $"{key}={value}";
            }

            foreach (var (key, value) in span.Baggage)
            {
                yield return $"{key}={value}";
            }

            foreach (var spanEvent in span.Events)
            {
                yield return spanEvent.Name;
                foreach (var (key, value) in spanEvent.EnumerateTagObjects())
                {
                    yield return $"{key}={value}";
                }
            }
        }

        foreach (var point in _points)
        {
            foreach (var (key, value) in point.Tags)
            {
                yield return $"{key}={value}";
            }
        }
    }

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }
}
