using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace OAuth2Generic.Tests;

/// <summary>
/// A real, OpenID Certified authorization server: npm's <c>oidc-provider</c> (pinned in <c>tests/oidc-provider</c>,
/// installed by <c>npm ci</c>, which the first test to start it runs when npm is on the PATH), run by
/// <c>tests/oidc-provider/server.mjs</c> on a free port of 127.0.0.1, with its development login and consent pages and
/// one account, <c>alice</c>, whose user info is nested under <c>account</c>. It has two confidential clients, one per client authentication method (see <see cref="ClientFor"/>).
/// </summary>
/// <remarks>
/// Start it, start the app with <see cref="Configure"/>, then tell it the app's callback with
/// <see cref="RegisterRedirectUriAsync"/>: a client's redirect URIs are fixed when the provider is built, and the app,
/// on a port Kestrel chooses, needs the issuer before it starts (its options are validated at start-up).
/// </remarks>
internal sealed class OidcProviderServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly StringBuilder _standardError = new();
    private readonly Channel<string?> _messages = Channel.CreateUnbounded<string?>();

    private OidcProviderServer(Process process)
    {
        _process = process;
        Clients =
        [
            new OidcProviderClient("e2e-basic", NewSecret(), ClientAuthScheme.BasicAuth),
            new OidcProviderClient("e2e-post", NewSecret(), ClientAuthScheme.RequestBody),
        ];
    }

    /// <summary>The issuer and base URL, <c>http://127.0.0.1:{port}</c>.</summary>
    public string Issuer { get; private set; } = string.Empty;

    /// <summary>One client registered for <c>client_secret_basic</c>, one for <c>client_secret_post</c>.</summary>
    public IReadOnlyList<OidcProviderClient> Clients { get; }

    /// <summary>What node wrote to stderr so far: the provider's warnings, or why it did not start.</summary>
    public string StandardError
    {
        get
        {
            lock (_standardError)
            {
                return _standardError.ToString();
            }
        }
    }

    /// <summary>The client registered for the token endpoint authentication that <paramref name="scheme"/> sends.</summary>
    public OidcProviderClient ClientFor(ClientAuthScheme scheme) => Clients.Single(client => client.AuthScheme == scheme);

    public static async Task<OidcProviderServer> StartAsync()
    {
        var directory = await NpmFolder.OidcProvider.InstallAsync();
        var start = new ProcessStartInfo(NpmFolder.NodeExecutable())
        {
            ArgumentList = { "server.mjs" },
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            throw TestPrerequisite.Node.Missing($"There is no Node.js to run oidc-provider: none inside Microsoft.Playwright's package next to the tests, and no {start.FileName} on the PATH.");
        }

        var server = new OidcProviderServer(process);
        process.OutputDataReceived += (_, line) => server._messages.Writer.TryWrite(line.Data);
        process.ErrorDataReceived += (_, line) => server.AppendError(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var listening = await server.NextMessageAsync("issuer");
            server.Issuer = listening["issuer"]!.GetValue<string>();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Registers the app's callback URL (and, for a sign-out at the provider, its signed-out callback URL) with both
    /// clients and waits until the provider serves requests.
    /// </summary>
    public async Task RegisterRedirectUriAsync(string redirectUri, string? postLogoutRedirectUri = null)
    {
        var clients = new JsonArray(Clients.Select(client => (JsonNode)new JsonObject
        {
            ["client_id"] = client.ClientId,
            ["client_secret"] = client.ClientSecret,
            ["token_endpoint_auth_method"] = client.TokenEndpointAuthMethod,
            ["redirect_uris"] = new JsonArray(redirectUri),
            ["post_logout_redirect_uris"] = postLogoutRedirectUri is null ? new JsonArray() : new JsonArray(postLogoutRedirectUri),
        }).ToArray());
        await _process.StandardInput.WriteLineAsync(new JsonObject { ["clients"] = clients }.ToJsonString());
        await _process.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
        await NextMessageAsync("ready");
    }

    /// <summary>Points the options at this provider's endpoints, signing in as <paramref name="client"/>.</summary>
    public void Configure(OAuth2GenericOptions options, OidcProviderClient client)
    {
        options.ClientId = client.ClientId;
        options.ClientSecret = client.ClientSecret;
        options.ClientOptions.AuthScheme = client.AuthScheme;
        options.ClientOptions.Site = Issuer;
        options.ClientOptions.AuthorizeUrl = "/auth";
        options.ClientOptions.TokenUrl = "/token";
        options.ClientOptions.UserInfoUrl = "/me";
    }

    /// <summary>Points the options at this provider by its issuer alone (discovery), signing in as <paramref name="client"/>.</summary>
    public void ConfigureAuthority(OAuth2GenericOptions options, OidcProviderClient client)
    {
        options.Authority = Issuer;
        options.ClientId = client.ClientId;
        options.ClientSecret = client.ClientSecret;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task<JsonObject> NextMessageAsync(string member)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(StartTimeout);
        string? line;
        try
        {
            line = await _messages.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw Failure($"oidc-provider did not answer '{member}' within {StartTimeout.TotalSeconds} s.");
        }

        if (line is null)
        {
            // Node closes stdout when it exits; let it finish writing stderr first.
            await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
            throw Failure($"oidc-provider exited with code {_process.ExitCode} before '{member}'.");
        }

        return JsonNode.Parse(line) is JsonObject message && message.ContainsKey(member)
            ? message
            : throw Failure($"oidc-provider wrote '{line}' where '{member}' was expected.");
    }

    private InvalidOperationException Failure(string message) => new($"{message} Its stderr:{Environment.NewLine}{StandardError}");

    private void AppendError(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_standardError)
        {
            _standardError.AppendLine(line);
        }
    }

    private static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
}
