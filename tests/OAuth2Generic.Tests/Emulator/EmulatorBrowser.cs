using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests.Emulator;

/// <summary>
/// A browser and an app client facing the emulator over HTTP: it keeps the emulator's cookies, does not follow
/// redirects (each test reads them), and knows how to get a code through the login form.
/// </summary>
internal sealed class EmulatorBrowser : IDisposable
{
    public const string RedirectUri = "http://127.0.0.1:5999/signin-cognito";
    public const string SignOutUri = "http://127.0.0.1:5999/signed-out";

    private readonly HttpClient _http;

    public EmulatorBrowser(CognitoEmulator emulator)
        : this(emulator, emulator.Url)
    {
    }

    /// <summary>A browser for one user pool's domain: its paths (<c>/oauth2/authorize</c>, <c>/login</c>…) go under it.</summary>
    public EmulatorBrowser(CognitoEmulator emulator, string domain)
    {
        Emulator = emulator;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = Cookies }) { BaseAddress = new Uri(domain.TrimEnd('/') + "/") };
    }

    public CognitoEmulator Emulator { get; }

    public CookieContainer Cookies { get; } = new();

    /// <summary>An emulator with alice (in two groups, a custom attribute and a phone) and bob, and a registered app.</summary>
    public static async Task<CognitoEmulator> StartEmulatorAsync(Action<CognitoEmulatorOptions>? configure = null)
    {
        var emulator = await CognitoEmulator.StartAsync(options =>
        {
            options.Users.Add(new CognitoEmulatorUser
            {
                Username = "alice",
                Password = "Alice-Pa55",
                Email = "alice@example.com",
                PhoneNumber = "+12065551212",
                Groups = ["admins", "staff"],
                Attributes = { ["custom:team"] = "blue", ["name"] = "Alice Liddell" },
            });
            options.AddUser("bob", "Bob-Pa55", "bob@example.com");
            configure?.Invoke(options);
        }, TestContext.Current.CancellationToken);
        emulator.RegisterCallbackUrl(RedirectUri);
        emulator.RegisterSignOutUrl(SignOutUri);
        return emulator;
    }

    public static string AuthorizeQuery(string clientId, string redirectUri = RedirectUri, string? extra = null)
        => $"response_type=code&client_id={Uri.EscapeDataString(clientId)}&redirect_uri={Uri.EscapeDataString(redirectUri)}&state=the-state{(extra is null ? "" : "&" + extra)}";

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery) => _http.GetAsync(Relative(pathAndQuery), TestContext.Current.CancellationToken);

    public Task<HttpResponseMessage> PostFormAsync(string path, IDictionary<string, string> form, string? basic = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Relative(path)) { Content = new FormUrlEncodedContent(form) };
        if (basic is not null)
        {
            request.Headers.Authorization = new("Basic", basic);
        }

        return _http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Follows the authorize redirect to the login form, submits it, and returns the emulator's answer to the post.</summary>
    public async Task<HttpResponseMessage> LoginAsync(string authorizeQuery, string username, string password)
    {
        var authorize = await GetAsync("/oauth2/authorize?" + authorizeQuery);
        Assert.Equal(HttpStatusCode.Found, authorize.StatusCode);
        var form = await GetAsync(authorize.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        return await SubmitAsync(await form.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), username, password);
    }

    public async Task<HttpResponseMessage> SubmitAsync(string loginPage, string username, string password, string? csrf = null)
    {
        var action = FormAction(loginPage);
        return await PostFormAsync(action, new Dictionary<string, string>
        {
            ["_csrf"] = csrf ?? Between(loginPage, "name=\"_csrf\" value=\"", "\""),
            ["username"] = username,
            ["password"] = password,
        });
    }

    /// <summary>Where the login page's form posts to: <c>/login?</c> and the authorization request.</summary>
    public static string FormAction(string loginPage) => WebUtility.HtmlDecode(Between(loginPage, "action=\"", "\""));

    /// <summary>Signs in through the form and returns the code from the redirect to the app.</summary>
    public async Task<string> CodeAsync(string authorizeQuery, string username = "alice", string password = "Alice-Pa55")
    {
        var answer = await LoginAsync(authorizeQuery, username, password);
        return Parameters(answer)["code"];
    }

    public Task<HttpResponseMessage> TokenAsync(IDictionary<string, string> form, string? clientId = null, string? clientSecret = null)
        => PostFormAsync("/oauth2/token", form, clientId is null ? null : Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{clientId}:{clientSecret}")));

    /// <summary>The query parameters of a redirect's Location.</summary>
    public static Dictionary<string, string> Parameters(HttpResponseMessage redirect)
    {
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        var location = redirect.Headers.Location!;
        var query = location.IsAbsoluteUri ? location.Query : location.OriginalString[location.OriginalString.IndexOf('?', StringComparison.Ordinal)..];
        return QueryHelpers.ParseQuery(query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
        => JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

    public void Dispose() => _http.Dispose();

    // A path of the domain (/oauth2/token) goes under the domain's own path; an absolute path the emulator wrote in a
    // Location or a form (already under the domain's path) is taken as it is.
    private string Relative(string path)
        => path.StartsWith(_http.BaseAddress!.AbsolutePath, StringComparison.Ordinal) && _http.BaseAddress.AbsolutePath != "/" ? path : path.TrimStart('/');

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' not found in the page");
        from += start.Length;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }
}
