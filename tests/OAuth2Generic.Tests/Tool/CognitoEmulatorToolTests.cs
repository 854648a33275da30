using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests.Tool;

/// <summary>
/// The <c>cognito-emulator</c> tool, packed and installed as a user installs it (<see cref="InstalledTool"/>), started with
/// <c>samples/cognito-emulator/gitlab.json</c>: a sign-in through it from .NET, from Ruby with the OmniAuth OAuth2
/// strategy configured as GitLab's Cognito page configures it, and from Node with a certified OpenID relying party; its
/// help, its one clear error for a bad config file, and its clean stop on SIGTERM.
/// </summary>
[Trait("Category", "Slow")]
public sealed class CognitoEmulatorToolTests(InstalledTool tool) : IClassFixture<InstalledTool>
{
    private const string ClientId = "gitlabappclient000000000001";
    private const string ClientSecret = "gitlab-app-client-secret";
    private const string GitLabCallback = "https://gitlab.example.com/users/auth/cognito/callback";

    private static readonly string GitLabConfig = InstalledTool.RepositoryFile("samples/cognito-emulator/gitlab.json");

    private async Task<ToolProcess> StartAsync(params string[] extra)
    {
        var process = ToolProcess.Start(tool.Command, ["--config", GitLabConfig, "--port", "0", .. extra]);
        try
        {
            await process.WaitUntilReadyAsync();
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    [Fact]
    public async Task The_installed_tool_signs_a_GitLab_user_in_with_the_sample_config()
    {
        await using var emulator = await StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(emulator.Domain) };
        var query = $"response_type=code&client_id={ClientId}&redirect_uri={Uri.EscapeDataString(GitLabCallback)}&scope=openid+profile+email&state=s1";

        var login = await http.GetAsync((await http.GetAsync("/oauth2/authorize?" + query, TestContext.Current.CancellationToken)).Headers.Location, TestContext.Current.CancellationToken);
        var page = await login.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var csrf = page[(page.IndexOf("name=\"_csrf\" value=\"", StringComparison.Ordinal) + 20)..];
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_csrf"] = csrf[..csrf.IndexOf('"', StringComparison.Ordinal)],
            ["username"] = "alice@example.com",
            ["password"] = "Passw0rd!alice",
        });
        var back = await http.PostAsync(WebUtility.HtmlDecode(Emulator.EmulatorBrowser.FormAction(page)), form, TestContext.Current.CancellationToken);
        Assert.StartsWith(GitLabCallback + "?code=", back.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(back.Headers.Location.Query)["code"].ToString();
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, "/oauth2/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = GitLabCallback }),
        };
        tokenRequest.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"{ClientId}:{ClientSecret}")));
        var tokens = await Emulator.EmulatorBrowser.JsonAsync(await http.SendAsync(tokenRequest, TestContext.Current.CancellationToken));
        using var userInfoRequest = new HttpRequestMessage(HttpMethod.Get, "/oauth2/userInfo");
        userInfoRequest.Headers.Authorization = new("Bearer", tokens.GetProperty("access_token").GetString());
        var userInfo = await Emulator.EmulatorBrowser.JsonAsync(await http.SendAsync(userInfoRequest, TestContext.Current.CancellationToken));

        Assert.Equal("alice@example.com", userInfo.GetProperty("email").GetString());
        Assert.Equal("alice@example.com", userInfo.GetProperty("username").GetString());
        Assert.Contains("gitlab_rails['omniauth_providers']", emulator.Output, StringComparison.Ordinal);
        Assert.Contains($"site: \"{emulator.Domain}\"", emulator.Output, StringComparison.Ordinal);
        Assert.Contains($"\"Issuer\": \"{emulator.Issuer}\"", emulator.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GitLabs_OmniAuth_OAuth2_strategy_signs_in_through_the_tool()
    {
        await using var emulator = await StartAsync();

        var (exitCode, output, errors) = await RunAsync("ruby", TestPrerequisite.RubyOmniAuth, InstalledTool.RepositoryFile("tests/omniauth"),
            "sign_in.rb", emulator.Domain, ClientId, ClientSecret, "alice@example.com", "Passw0rd!alice");

        Assert.True(exitCode == 0, $"the Ruby sign-in failed ({exitCode}): {errors}{output}");
        var auth = JsonDocument.Parse(output).RootElement;
        var sub = auth.GetProperty("raw_info").GetProperty("sub").GetString();
        Assert.False(string.IsNullOrEmpty(sub));
        Assert.Equal(sub, auth.GetProperty("uid").GetString());
        Assert.Equal("alice@example.com", auth.GetProperty("info").GetProperty("email").GetString());
        Assert.Equal("alice@example.com", auth.GetProperty("info").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_certified_OpenID_relying_party_discovers_signs_in_validates_and_refreshes()
    {
        await using var emulator = await StartAsync();
        var folder = await NpmFolder.OpenIdClient.InstallAsync();

        var (exitCode, output, errors) = await RunAsync(NpmFolder.NodeExecutable(), TestPrerequisite.Node, folder,
            "sign_in.mjs", emulator.Domain, emulator.Issuer, ClientId, ClientSecret, "bob@example.com", "Passw0rd!bob");

        Assert.True(exitCode == 0, $"openid-client's sign-in failed ({exitCode}): {errors}{output}");
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal("bob@example.com", result.GetProperty("email").GetString());
        Assert.Equal("bob@example.com", result.GetProperty("username").GetString());
        Assert.Equal("id", result.GetProperty("tokenUse").GetString());
        Assert.Equal(result.GetProperty("sub").GetString(), result.GetProperty("userInfo").GetProperty("sub").GetString());
        Assert.Equal(result.GetProperty("sub").GetString(), result.GetProperty("refreshedSub").GetString());
        Assert.True(result.GetProperty("refreshedAccessTokenDiffers").GetBoolean());
    }

    [Fact]
    public async Task SIGTERM_stops_the_tool_cleanly()
    {
        var emulator = await StartAsync();
        await using var _ = emulator;

        await emulator.TerminateAsync();
        await emulator.WaitForExitAsync();

        Assert.Equal(0, emulator.ExitCode);
        Assert.Contains("cognito-emulator: stopped", emulator.Output, StringComparison.Ordinal);
        using var http = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(emulator.Issuer + "/.well-known/jwks.json", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_bad_config_file_is_one_error_naming_the_field_and_exit_code_1()
    {
        var config = Path.Combine(Path.GetTempPath(), $"cognito-emulator-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, """{"userPools": [{"clients": [{"clientId": "a", "callbackUrls": "https://x"}]}]}""", TestContext.Current.CancellationToken);
        try
        {
            await using var process = ToolProcess.Start(tool.Command, "--config", config);
            await process.WaitForExitAsync();

            Assert.Equal(1, process.ExitCode);
            Assert.Equal($"cognito-emulator: {config}: userPools[0].clients[0].callbackUrls: must be an array", process.Output.Trim());
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task Help_documents_the_options_and_the_admin_API()
    {
        await using var process = ToolProcess.Start(tool.Command, "--help");
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        foreach (var documented in new[] { "--config <file>", "--port <n>", "--listen-any", "/_emulator/pools", "/_emulator/clock", "SIGTERM", "schemas/cognito-emulator.schema.json" })
        {
            Assert.Contains(documented, process.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Listening_beyond_loopback_takes_a_flag_and_warns()
    {
        await using var emulator = await StartAsync("--listen-any");

        Assert.Contains("warning: --listen-any serves every network interface", emulator.Output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string program, TestPrerequisite prerequisite, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            throw prerequisite.Missing($"There is no {program} on the PATH.");
        }

        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(1));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var said = await errors;
            if (said.Contains("LoadError", StringComparison.Ordinal) || said.Contains("cannot load such file", StringComparison.Ordinal))
            {
                throw prerequisite.Missing($"{program} cannot load what the script needs: {said.Split('\n')[0]}");
            }

            return (process.ExitCode, await output, said);
        }
    }
}
