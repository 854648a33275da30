using Microsoft.Extensions.Logging;

namespace OAuth2Generic.Tests;

/// <summary>
/// Every text the log lines of a test app carry, as a log store would keep them: the message, the exception with its
/// inner exceptions, each structured property and each scope. The one line left out is the framework's own request line
/// (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c>, Information, "Request starting" and "Request finished"), which
/// shows the callback's URL as the browser sent it, code included, and which docs/security.md tells operators to keep
/// at Warning: every other line of that category, at every level, is read like the package's own.
/// </summary>
internal static class LoggedTexts
{
    private const string HostingCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static IEnumerable<string> Of(CapturedLogs logs) =>
        logs.Lines.Where(line => !IsFrameworkRequestLine(line)).SelectMany(line => (IEnumerable<string>)
        [
            line.Message,
            line.Exception ?? string.Empty,
            .. line.State.Select(property => $"{property.Key}={property.Value}"),
            .. line.Scopes,
        ]);

    /// <summary>Whether the lines carried any scope at all: a test that reads scopes must have some to read.</summary>
    public static bool HaveScopes(CapturedLogs logs) => logs.Lines.Any(line => line.Scopes.Count > 0);

    // Events 1 (RequestStarting) and 2 (RequestFinished) of ASP.NET Core's hosting.
    private static bool IsFrameworkRequestLine(CapturedLogs.LogLine line) =>
        line.Category == HostingCategory && line.Level == LogLevel.Information && line.EventId.Id is 1 or 2;
}
