using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OAuth2Generic.Testing.Config;

/// <summary>
/// The pre-token-generation trigger of a config file: the V2 event is POSTed as JSON to a loopback URL, which answers
/// the event with its <c>response</c> filled in, as a Lambda function returns it (an answer of just the
/// <c>response</c> object is taken too). The URL must be on loopback: the emulator sends user data to it.
/// </summary>
internal static class LoopbackTrigger
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };

    public static Func<JsonObject, CancellationToken, Task> Create(ConfigNode node)
    {
        if (!Uri.TryCreate(node.AsString(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || !url.IsLoopback)
        {
            throw node.Error("must be an http URL on a loopback address, such as http://127.0.0.1:4000/pre-token-generation");
        }

        return async (triggerEvent, cancellationToken) =>
        {
            using var content = new StringContent(triggerEvent.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            using var response = await Http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"the trigger at {url} answered HTTP {(int)response.StatusCode}");
            }

            var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)) as JsonObject
                ?? throw new JsonException($"the trigger at {url} answered no JSON object");
            var details = answer["response"] is JsonObject returned ? returned : answer;
            triggerEvent["response"] = details.DeepClone();
        };
    }
}
