using System.Net;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Benchmarks;

/// <summary>
/// One whole sign-in through the Cognito emulator over loopback HTTP, as a test in any language makes it against the
/// <c>cognito-emulator</c> tool: <c>/oauth2/authorize</c>, the login form, its post, <c>/oauth2/token</c> and
/// <c>/oauth2/userInfo</c>. Each sign-in is a new browser (no hosted-UI session), so the login form is always shown.
/// </summary>
[MemoryDiagnoser]
public class EmulatorBenchmarks
{
    private const string RedirectUri = "http://127.0.0.1:5999/callback";

    private EmulatorLoopback _loopback = null!;
    private string _basic = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _loopback = await EmulatorLoopback.StartAsync(RedirectUri);
        _basic = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"{_loopback.Emulator.ClientId}:{_loopback.Emulator.ClientSecret}"));
        if (await WholeSignIn() != "alice@example.com")
        {
            throw new InvalidOperationException("The benchmark's sign-in did not sign alice in.");
        }
    }

    [GlobalCleanup]
    public Task Cleanup() => _loopback.DisposeAsync().AsTask();

    [Benchmark(Description = "emulator: authorize, login form, post, token, userInfo")]
    public async Task<string?> WholeSignIn()
    {
        var query = $"response_type=code&client_id={_loopback.Emulator.ClientId}&redirect_uri={Uri.EscapeDataString(RedirectUri)}&scope=openid+email+profile&state=s";
        using var authorize = await _loopback.Http.GetAsync("/oauth2/authorize?" + query);
        using var login = await _loopback.Http.GetAsync(authorize.Headers.Location);
        var page = await login.Content.ReadAsStringAsync();
        var csrf = Between(page, "name=\"_csrf\" value=\"", "\"");
        using var post = new HttpRequestMessage(HttpMethod.Post, WebUtility.HtmlDecode(Between(page, "<form method=\"post\" action=\"", "\"")))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_csrf"] = csrf, ["username"] = "alice@example.com", ["password"] = "Passw0rd!alice" }),
        };
        post.Headers.Add("Cookie", $"XSRF-TOKEN={csrf}");
        using var back = await _loopback.Http.SendAsync(post);
        var code = Between(back.Headers.Location!.Query, "code=", "&");
        using var token = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = RedirectUri }),
        };
        token.Headers.Authorization = new("Basic", _basic);
        using var tokens = await _loopback.Http.SendAsync(token);
        using var document = JsonDocument.Parse(await tokens.Content.ReadAsStringAsync());
        using var userInfo = new HttpRequestMessage(HttpMethod.Get, "/oauth2/userInfo");
        userInfo.Headers.Authorization = new("Bearer", document.RootElement.GetProperty("access_token").GetString());
        using var user = await _loopback.Http.SendAsync(userInfo);
        using var answer = JsonDocument.Parse(await user.Content.ReadAsStringAsync());
        return answer.RootElement.GetProperty("email").GetString();
    }

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }
}
