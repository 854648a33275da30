using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic.Tests;

/// <summary>
/// Every log line written through the test app's logger factory, at every level: its text, its event id, its
/// structured properties and the scopes it was written in, as a structured logging provider would keep them.
/// </summary>
internal sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<LogLine> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<LogLine> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines, () => _scopes);

    // The host hands its scope provider to the providers that support one, so that the scopes of every provider are one.
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    internal sealed record LogLine(string Category, LogLevel Level, string Message, string? Exception)
    {
        public EventId EventId { get; init; }

        /// <summary>The line's structured properties (the message's placeholders and <c>{OriginalFormat}</c>).</summary>
        public IReadOnlyList<KeyValuePair<string, object?>> State { get; init; } = [];

        /// <summary>Each scope the line was written in, as text: its <c>ToString()</c> and each of its properties.</summary>
        public IReadOnlyList<string> Scopes { get; init; } = [];

        /// <summary>The value of one structured property, or null.</summary>
        public object? this[string name] => State.FirstOrDefault(pair => pair.Key == name).Value;
    }

    private sealed class Logger(string category, ConcurrentQueue<LogLine> lines, Func<IExternalScopeProvider> scopes) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => scopes().Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopeTexts = new List<string>();
            scopes().ForEachScope(
                static (scope, texts) =>
                {
                    texts.Add(scope?.ToString() ?? string.Empty);
                    if (scope is IEnumerable<KeyValuePair<string, object?>> properties)
                    {
                        texts.AddRange(properties.Select(property => $"{property.Key}={property.Value}"));
                    }
                },
                scopeTexts);
            lines.Enqueue(new LogLine(category, logLevel, formatter(state, exception), exception?.ToString())
            {
                EventId = eventId,
                State = state is IEnumerable<KeyValuePair<string, object?>> properties ? [.. properties] : [],
                Scopes = scopeTexts,
            });
        }
    }
}
