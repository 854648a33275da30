using Microsoft.AspNetCore.WebUtilities;
using WireMock;

namespace OAuth2Generic.Tests;

/// <summary>One request the fake provider received, with its form, query and headers easy to assert on.</summary>
internal sealed class ReceivedRequest(IRequestMessage message)
{
    public string Method => message.Method;

    public IDictionary<string, string> Form =>
        QueryHelpers.ParseQuery(message.Body ?? string.Empty).ToDictionary(pair => pair.Key, pair => pair.Value.ToString());

    public IDictionary<string, string> Query =>
        QueryHelpers.ParseQuery(new Uri(message.Url).Query).ToDictionary(pair => pair.Key, pair => pair.Value.ToString());

    public string Body => message.Body ?? string.Empty;

    public string? Header(string name) =>
        message.Headers?.FirstOrDefault(pair => string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.ToString();
}
