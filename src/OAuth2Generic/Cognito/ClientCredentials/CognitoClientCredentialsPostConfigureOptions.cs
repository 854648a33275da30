using Microsoft.Extensions.Options;

namespace OAuth2Generic.Cognito;

/// <summary>The token endpoint of a Cognito app client, <c>{Domain}/oauth2/token</c>, unless one was set on its own.</summary>
internal sealed class CognitoClientCredentialsPostConfigureOptions : IPostConfigureOptions<CognitoClientCredentialsOptions>
{
    public void PostConfigure(string? name, CognitoClientCredentialsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.TokenEndpoint) && CognitoDomain.BaseUrl(options.Domain, options.Region) is { } site)
        {
            options.TokenEndpoint = EndpointUrl.ResolveOrKeep(site, CognitoDefaults.TokenPath);
        }
    }
}
