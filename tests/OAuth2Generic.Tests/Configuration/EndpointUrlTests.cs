namespace OAuth2Generic.Tests.Configuration;

/// <summary>Endpoint URLs resolved against the site as Faraday resolves them in the Ruby strategy.</summary>
public sealed class EndpointUrlTests
{
    [Theory]
    [InlineData("https://h/realms/r", "protocol/t", "https://h/realms/r/protocol/t")]
    [InlineData("https://h/realms/r/", "protocol/t", "https://h/realms/r/protocol/t")]
    [InlineData("https://h/realms/r", "/oauth/token", "https://h/oauth/token")]
    [InlineData("https://h", "oauth/token", "https://h/oauth/token")]
    [InlineData("https://h:8443/base", "../other/token", "https://h:8443/other/token")]
    [InlineData("https://h/base", "token?tenant=blue", "https://h/base/token?tenant=blue")]
    [InlineData("https://h/base?ignored=1", "token", "https://h/base/token")]
    [InlineData("https://h/base", "https://other.example/token", "https://other.example/token")]
    [InlineData(null, "https://other.example/token", "https://other.example/token")]
    public void A_URL_resolves_against_the_site_as_a_directory(string? site, string url, string expected) =>
        Assert.Equal(expected, EndpointUrl.Resolve(site, url));

    [Theory]
    [InlineData(null, "/oauth/token")]
    [InlineData("idp.example.com", "/oauth/token")]
    [InlineData("ftp://idp.example.com", "/oauth/token")]
    [InlineData("https://h", "ftp://h/token")]
    public void A_URL_that_cannot_be_made_absolute_http_is_null(string? site, string url) =>
        Assert.Null(EndpointUrl.Resolve(site, url));

    [Theory]
    [InlineData("https://idp.example.com/x", true)]
    [InlineData("http://localhost:5000/x", true)]
    [InlineData("http://127.0.0.1/x", true)]
    [InlineData("http://127.8.9.10/x", true)]
    [InlineData("http://[::1]:8080/x", true)]
    [InlineData("http://idp.example.com/x", false)]
    [InlineData("http://10.0.0.1/x", false)]
    [InlineData("http://localhost.example.com/x", false)]
    public void Only_loopback_hosts_may_use_plain_http(string url, bool allowed) =>
        Assert.Equal(allowed, EndpointUrl.IsSecureOrLoopback(new Uri(url)));
}
