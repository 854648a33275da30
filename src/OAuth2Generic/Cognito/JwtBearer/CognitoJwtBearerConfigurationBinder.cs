using Microsoft.AspNetCore.Http;
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
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        options.BoundFromSection = configuration as IConfigurationSection;

        var reader = new ConfigurationReader(configuration);
        reader.String(value => options.Region = value, "Region");
        reader.String(value => options.UserPoolId = value, "UserPoolId");
        reader.String(value => options.Issuer = value, "Issuer");
        if (reader.Find("ClientIds", "ClientId") is { } clientIds)
        {
            options.ClientIds = [.. ConfigurationReader.ReadList(clientIds, out _)];
        }

        if (reader.Find("Issuers") is { } issuers)
        {
            options.Issuers = [.. ConfigurationReader.ReadList(issuers, out _)];
        }

        reader.Integer(value => options.PoolCacheSizeLimit = value, "PoolCacheSizeLimit");
        reader.TimeSpan(value => options.PoolCacheDuration = value, "PoolCacheDuration");
        reader.TimeSpan(value => options.PoolResolverTimeout = value, "PoolResolverTimeout");
        reader.Enum<CognitoTokenUse>(value => options.TokenUse = value, "TokenUse");
        reader.TimeSpan(value => options.ClockSkew = value, "ClockSkew");
        reader.TimeSpan(value => options.AutomaticRefreshInterval = value, "AutomaticRefreshInterval");
        reader.TimeSpan(value => options.RefreshInterval = value, "RefreshInterval");
        reader.Boolean(value => options.AcceptTokensWithoutKeyId = value, "AcceptTokensWithoutKeyId");
        reader.Long(value => options.ValidationCacheSizeLimit = value, "ValidationCacheSizeLimit");
        reader.Integer(value => options.ValidationCacheMaxTokenSize = value, "ValidationCacheMaxTokenSize");
        reader.TimeSpan(value => options.BackchannelTimeout = value, "BackchannelTimeout");
        reader.Integer(value => options.BackchannelMaxResponseSize = value, "BackchannelMaxResponseSize");
        reader.Boolean(value => options.SaveToken = value, "SaveToken");
        if (reader.Find("QueryTokenPaths") is { } paths)
        {
            options.QueryTokenPaths = [.. ConfigurationReader.ReadList(paths, out _).Select(path => path.StartsWith('/')
                ? new PathString(path)
                : throw ConfigurationProblems.Exception<CognitoJwtBearerOptions>(null, options.BoundFromSection, $"QueryTokenPaths '{path}' is not a path: it starts with '/', for example /hubs/chat."))];
        }
    }
}
