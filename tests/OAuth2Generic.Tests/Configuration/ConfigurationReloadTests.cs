using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OAuth2Generic.Tests.Configuration;

/// <summary>A scheme bound from a configuration section follows changes of that section.</summary>
public sealed class ConfigurationReloadTests
{
    [Fact]
    public async Task The_options_follow_a_reloaded_section()
    {
        var source = new Dictionary<string, string?>
        {
            ["Auth:app_id"] = "first-id",
            ["Auth:app_secret"] = "secret",
            ["Auth:args:client_options:site"] = "https://idp.example.com",
            ["Auth:args:client_options:user_info_url"] = "/user",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(source).Build();
        await using var app = await TestApp.StartAsync(auth => auth.AddOAuth2Generic("idp", configuration.GetSection("Auth")));
        var monitor = app.Services.GetRequiredService<IOptionsMonitor<OAuth2GenericOptions>>();
        Assert.Equal("first-id", monitor.Get("idp").ClientId);

        configuration["Auth:app_id"] = "second-id";
        configuration["Auth:args:client_options:user_info_url"] = "/v2/user";
        configuration.Reload();

        Assert.Equal("second-id", monitor.Get("idp").ClientId);
        Assert.Equal("https://idp.example.com/v2/user", monitor.Get("idp").UserInformationEndpoint);
    }
}
