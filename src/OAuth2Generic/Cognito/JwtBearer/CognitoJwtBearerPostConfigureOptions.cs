using Microsoft.Extensions.Options;

namespace OAuth2Generic.Cognito;

/// <summary>
/// Completes <see cref="CognitoJwtBearerOptions"/>: the region from the user pool id, the issuer from both, the shared
/// key cache, and a backchannel that follows no redirects and keeps no cookies.
/// </summary>
/// <param name="signingKeys">The application's signing keys of every user pool, shared with its sign-in schemes.</param>
/// <param name="metrics">The application's instruments, for the key fetches.</param>
internal sealed class CognitoJwtBearerPostConfigureOptions(SigningKeyCache signingKeys, OAuth2GenericMetrics metrics)
    : IPostConfigureOptions<CognitoJwtBearerOptions>
{
    public void PostConfigure(string? name, CognitoJwtBearerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.SharedSigningKeys = signingKeys;
        options.Metrics = metrics;
        options.SchemeName = name ?? CognitoJwtBearerDefaults.AuthenticationScheme;

        if (string.IsNullOrWhiteSpace(options.Region))
        {
            options.Region = CognitoDomain.RegionOfUserPool(options.UserPoolId);
        }

        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            options.Issuer = CognitoDomain.Issuer(options.Region, options.UserPoolId);
        }

        // A wrong timeout is left for the validator to report with its name (HttpClient.Timeout would throw without one).
        if (options.Backchannel is null && options.BackchannelTimeout > TimeSpan.Zero)
        {
            // A redirect must never let another host supply the signing keys.
            var handler = options.BackchannelHttpHandler ?? new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            };
            options.Backchannel = new HttpClient(handler)
            {
                Timeout = options.BackchannelTimeout,
                MaxResponseContentBufferSize = 1024 * 1024 * 10,
            };
            options.Backchannel.DefaultRequestHeaders.UserAgent.ParseAdd("OAuth2Generic");
        }
    }
}
