using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace OAuth2Generic.Tests.TokenRequest;

/// <summary>How the client authenticates at the token endpoint, and what the token request carries.</summary>
public sealed class ClientAuthenticationTests : IDisposable
{
    private readonly FakeProvider _provider = new FakeProvider().Working();

    public void Dispose() => _provider.Dispose();

    [Fact]
    public async Task BasicAuth_sends_the_credentials_in_the_Authorization_header_only()
    {
        var token = await SignInAndGetTokenRequest(options => options.ClientOptions.AuthScheme = ClientAuthScheme.BasicAuth);

        Assert.Equal("Basic " + Base64("the-client-id:the-client-secret-5f1c"), token.Header("Authorization"));
        Assert.DoesNotContain("client_id", token.Form.Keys);
        Assert.DoesNotContain("client_secret", token.Form.Keys);
        Assert.DoesNotContain(FakeProvider.ClientSecret, token.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BasicAuth_form_encodes_the_id_and_secret_before_base64_as_RFC_6749_2_3_1_requires()
    {
        var token = await SignInAndGetTokenRequest(options =>
        {
            options.ClientId = "my:client id";
            options.ClientSecret = "s3cr:t+/é";
        });

        Assert.Equal("Basic " + Base64("my%3Aclient+id:s3cr%3At%2B%2F%C3%A9"), token.Header("Authorization"));
    }

    [Fact]
    public async Task RequestBody_sends_the_credentials_in_the_form_and_no_Authorization_header()
    {
        var token = await SignInAndGetTokenRequest(options => options.ClientOptions.AuthScheme = ClientAuthScheme.RequestBody);

        Assert.Null(token.Header("Authorization"));
        Assert.Equal(FakeProvider.ClientId, token.Form["client_id"]);
        Assert.Equal(FakeProvider.ClientSecret, token.Form["client_secret"]);
    }

    [Fact]
    public async Task None_is_a_public_client_that_sends_its_id_and_the_PKCE_verifier_and_no_secret()
    {
        var token = await SignInAndGetTokenRequest(options =>
        {
            options.ClientOptions.AuthScheme = ClientAuthScheme.None;
            options.ClientSecret = null!;
        });

        Assert.Null(token.Header("Authorization"));
        Assert.Equal(FakeProvider.ClientId, token.Form["client_id"]);
        Assert.DoesNotContain("client_secret", token.Form.Keys);
        Assert.NotEmpty(token.Form["code_verifier"]);
    }

    [Fact]
    public async Task TokenParams_are_added_to_the_token_form()
    {
        var token = await SignInAndGetTokenRequest(options => options.TokenParams["resource"] = "https://api.example.com");

        Assert.Equal("https://api.example.com", token.Form["resource"]);
        Assert.Equal("authorization_code", token.Form["grant_type"]);
    }

    [Fact]
    public async Task Without_PKCE_no_challenge_is_sent_and_no_verifier()
    {
        var authorizeUrl = await TestApp.SignInSuccessfullyAsync(_provider, options => options.UsePkce = false);

        Assert.DoesNotContain("code_challenge", BrowserSession.Parameters(authorizeUrl).Keys);
        Assert.DoesNotContain("code_verifier", _provider.SingleRequestTo("/oauth/token").Form.Keys);
    }

    private async Task<ReceivedRequest> SignInAndGetTokenRequest(Action<OAuth2GenericOptions> configure)
    {
        await TestApp.SignInSuccessfullyAsync(_provider, configure);
        return _provider.SingleRequestTo("/oauth/token");
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
