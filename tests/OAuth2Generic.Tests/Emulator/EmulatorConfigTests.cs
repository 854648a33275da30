using OAuth2Generic.Testing;
using OAuth2Generic.Tests.Documentation;

namespace OAuth2Generic.Tests.Emulator;

/// <summary>The JSON config file of the emulator and its tool: the sample GitLab pool, and one clear error naming the field.</summary>
public sealed class EmulatorConfigTests
{
    [Fact]
    public void The_GitLab_sample_is_the_pool_of_GitLabs_Cognito_page()
    {
        var pools = CognitoEmulatorConfig.Parse(File.ReadAllText(Path.Combine(MarkdownCodeBlocks.RepositoryRoot, "samples", "cognito-emulator", "gitlab.json")));

        var pool = Assert.Single(pools);
        var client = Assert.Single(pool.Clients);
        Assert.NotNull(client.ClientSecret);
        Assert.Equal(["https://gitlab.example.com/users/auth/cognito/callback"], client.CallbackUrls);
        Assert.Equal(["code"], client.AllowedOAuthFlows);
        Assert.Equal(["openid", "profile", "email"], client.AllowedScopes);
        Assert.Equal(2, pool.Users.Count);
        Assert.All(pool.Users, user => Assert.Equal(user.Username, user.Email));
    }

    [Theory]
    [InlineData("""{"port": 9229}""", "userPools: is required")]
    [InlineData("""{"userPools": []}""", "userPools: must have at least one user pool")]
    [InlineData("""{"userPools": [{"userPoolId": "gitlab"}]}""", "userPools[0].userPoolId: must be a user pool id")]
    [InlineData("""{"userPools": [{"clients": [{"clientId": "a", "callbackUrls": "https://x"}]}]}""", "userPools[0].clients[0].callbackUrls: must be an array")]
    [InlineData("""{"userPools": [{"clients": [{"clientId": "a", "callbackUrl": ["https://x"]}]}]}""", "userPools[0].clients[0].callbackUrl: is not a field")]
    [InlineData("""{"userPools": [{"users": [{"username": "a"}]}]}""", "userPools[0].users[0].password: is required")]
    [InlineData("""{"userPools": [{"tokenLifetimeSeconds": 5}]}""", "userPools[0].tokenLifetimeSeconds: must be a whole number of seconds from 60 to 86400")]
    [InlineData("""{"userPools": [{"preTokenGenerationUrl": "https://hooks.example.com/x"}]}""", "userPools[0].preTokenGenerationUrl: must be an http URL on a loopback address")]
    [InlineData("""{"port": "9229", "userPools": [{}]}""", "port: must be a port number")]
    [InlineData("""{"userPools": [{}""", ": is not JSON")]
    [InlineData("""{"userPools": [{"port": 9300}]}""", "userPools[0].port: the first user pool's domain is the emulator's own port")]
    public void A_bad_config_file_is_one_error_naming_the_field(string json, string message)
    {
        var error = Assert.Throws<CognitoEmulatorConfigException>(() => CognitoEmulatorConfig.Parse(json));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
