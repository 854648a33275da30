using Microsoft.Extensions.Configuration;

namespace OAuth2Generic.Cognito;

/// <summary>
/// Binds <see cref="CognitoJwtBearerOptions"/> from configuration under the options' own names. <c>ClientIds</c> is a
/// list or one string; <c>ClientId</c> is accepted for one client.
/// </summary>
internal static class CognitoJwtBearerConfigurationBinder
{
    public static void Bind(IConfiguration configuration, CognitoJwtBearerOptions options)
    {
        var reader = new ConfigurationReader(configuration);
        reader.String(value => options.Region = value, "Region");
        reader.String(value => options.UserPoolId = value, "UserPoolId");
        reader.String(value => options.Issuer = value, "Issuer");
        if (reader.Find("ClientIds", "ClientId") is { } clientIds)
        {
            options.ClientIds = [.. ConfigurationReader.ReadList(clientIds, out _)];
        }

        reader.Enum<CognitoTokenUse>(value => options.TokenUse = value, "TokenUse");
        reader.TimeSpan(value => options.ClockSkew = value, "ClockSkew");
        reader.TimeSpan(value => options.AutomaticRefreshInterval = value, "AutomaticRefreshInterval");
        reader.TimeSpan(value => options.RefreshInterval = value, "RefreshInterval");
        reader.Boolean(value => options.AcceptTokensWithoutKeyId = value, "AcceptTokensWithoutKeyId");
        reader.Long(value => options.ValidationCacheSizeLimit = value, "ValidationCacheSizeLimit");
        reader.Integer(value => options.ValidationCacheMaxTokenSize = value, "ValidationCacheMaxTokenSize");
        reader.TimeSpan(value => options.BackchannelTimeout = value, "BackchannelTimeout");
        reader.Integer(value => options.BackchannelMaxResponseSize = value, "BackchannelMaxResponseSize");
    }
}
