using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OAuth2Generic.Cognito;
using OAuth2Generic.Testing;

namespace OAuth2Generic.Tests.Emulator;

/// <summary>
/// <c>AddCognito</c> signing in against the emulator over real sockets, with the helper users get for their own tests
/// (<see cref="CognitoEmulator.SignInAsync"/>): the library and its emulator agree on every step.
/// </summary>
public sealed class AddCognitoAgainstEmulatorTests
{
    private static async Task<(CognitoEmulator Emulator, KestrelApp App)> StartAsync(Action<CognitoEmulator, CognitoOptions> configure, Action<CognitoEmulatorOptions>? emulatorOptions = null)
    {
        var emulator = await EmulatorBrowser.StartEmulatorAsync(emulatorOptions);
        var app = await KestrelApp.StartAsync(auth => auth.AddCognito(options => configure(emulator, options)));
        emulator.RegisterCallbackUrl(app.Client.BaseAddress + "signin-cognito", emulator.ClientId);
        return (emulator, app);
    }

    private static async Task<List<ClaimRecord>> ClaimsAsync(HttpResponseMessage page)
    {
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return JsonSerializer.Deserialize<List<ClaimRecord>>(await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), JsonSerializerOptions.Web)!;
    }

    [Theory]
    [InlineData(UserInformationSource.UserInfo)]
    [InlineData(UserInformationSource.IdToken)]
    [InlineData(UserInformationSource.Both)]
    public async Task A_user_signs_in_with_email_roles_and_attributes(UserInformationSource source)
    {
        var (emulator, app) = await StartAsync((emulator, options) =>
        {
            emulator.ConfigureClient(options);
            options.UserInformationSource = source;
        });
        await using var _ = emulator;
        await using var __ = app;

        var claims = await ClaimsAsync(await emulator.SignInAsync(app.Client.BaseAddress + "challenge/Cognito", "alice", "Alice-Pa55", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(claims, c => c.Type == ClaimTypes.Email && c.Value == "alice@example.com");
        Assert.Equal(["admins", "staff"], claims.Where(c => c.Type == ClaimTypes.Role).Select(c => c.Value).Order());
        Assert.Contains(claims, c => c.Type == "custom:team" && c.Value == "blue");
        Assert.Contains(claims, c => c.Type == "email_verified" && c.Value == "true" && c.ValueType == ClaimValueTypes.Boolean);
        Assert.Equal(1, emulator.TokenRequests);
    }

    [Theory]
    [InlineData(ClientAuthScheme.BasicAuth)]
    [InlineData(ClientAuthScheme.RequestBody)]
    public async Task Both_ways_of_sending_the_secret_are_accepted(ClientAuthScheme scheme)
    {
        var (emulator, app) = await StartAsync((emulator, options) =>
        {
            emulator.ConfigureClient(options);
            options.ClientOptions.AuthScheme = scheme;
        });
        await using var _ = emulator;
        await using var __ = app;

        var claims = await ClaimsAsync(await emulator.SignInAsync(app.Client.BaseAddress + "challenge/Cognito", "bob", "Bob-Pa55", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(claims, c => c.Type == ClaimTypes.Email && c.Value == "bob@example.com");
        Assert.DoesNotContain(claims, c => c.Type == ClaimTypes.Role);
    }

    [Fact]
    public async Task A_public_client_signs_in_with_PKCE()
    {
        var (emulator, app) = await StartAsync(
            (emulator, options) => emulator.ConfigureClient(options, "public-client"),
            options =>
            {
                options.Clients.Add(new CognitoEmulatorClient { ClientId = "public-client" });
            });
        emulator.RegisterCallbackUrl(app.Client.BaseAddress + "signin-cognito", "public-client");
        await using var _ = emulator;
        await using var __ = app;

        var claims = await ClaimsAsync(await emulator.SignInAsync(app.Client.BaseAddress + "challenge/Cognito", "alice", "Alice-Pa55", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(claims, c => c.Type == ClaimTypes.Role && c.Value == "admins");
    }

    [Fact]
    public async Task A_wrong_password_is_reported_by_the_sign_in_helper()
    {
        var (emulator, app) = await StartAsync((emulator, options) => emulator.ConfigureClient(options));
        await using var _ = emulator;
        await using var __ = app;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            emulator.SignInAsync(app.Client.BaseAddress + "challenge/Cognito", "alice", "wrong", cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("Incorrect username or password.", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, emulator.TokenRequests);
    }

    [Fact]
    public async Task A_wrong_client_secret_ends_the_sign_in_with_invalid_client()
    {
        var (emulator, app) = await StartAsync((emulator, options) =>
        {
            emulator.ConfigureClient(options);
            options.ClientSecret = "not-the-secret";
        });
        await using var _ = emulator;
        await using var __ = app;

        var page = await emulator.SignInAsync(app.Client.BaseAddress + "challenge/Cognito", "alice", "Alice-Pa55", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadGateway, page.StatusCode);
        Assert.Equal(1, emulator.TokenRequests);
    }
}
