using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The rules of <see cref="CognitoJwtBearerOptions"/>, checked at start-up: the user pool (or an issuer), the app
/// clients, the intervals and the backchannel's bounds. Every message names its option.
/// </summary>
internal sealed class CognitoJwtBearerOptionsValidator : IValidateOptions<CognitoJwtBearerOptions>
{
    public ValidateOptionsResult Validate(string? name, CognitoJwtBearerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new ConfigurationProblems();

        if (!string.IsNullOrWhiteSpace(options.UserPoolId) && !problems.CheckPlaceholder("UserPoolId", options.UserPoolId))
        {
            if (CognitoDomain.RegionOfUserPool(options.UserPoolId) is not { } poolRegion)
            {
                problems.Add("UserPoolId", $"UserPoolId '{options.UserPoolId}' is not a user pool id, which looks like {{region}}_{{id}}, for example us-east-1_AbC123xyz.");
            }
            else if (!string.IsNullOrWhiteSpace(options.Region) && options.Region != poolRegion)
            {
                problems.Add("Region", $"Region is '{options.Region}', but UserPoolId '{options.UserPoolId}' is in '{poolRegion}'.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            // Many pools: Issuers or the resolver name them instead.
            if (!problems.HasProblemWith("UserPoolId") && options.Issuers.Count == 0 && options.PoolResolver is null)
            {
                problems.Add("UserPoolId", "UserPoolId is required (for example us-east-1_AbC123xyz), or Issuer: the tokens' issuer (or, for many pools, Issuers or PoolResolver).");
            }
        }
        else
        {
            problems.CheckUrl("Issuer", options.Issuer);
        }

        CheckManyPools(options, problems);

        if (options.ClientIds.Count == 0 && options.PoolResolver is null)
        {
            problems.Add(
                "ClientIds",
                "ClientIds is required: the app clients whose tokens this API accepts (an access token's client_id, an id token's aud). A user pool has other clients whose tokens must not be accepted.");
        }
        else if (options.ClientIds.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("ClientIds", "ClientIds cannot hold an empty app client id.");
        }
        else
        {
            foreach (var clientId in options.ClientIds)
            {
                problems.CheckPlaceholder("ClientIds", clientId);
            }
        }

        if (!Enum.IsDefined(options.TokenUse))
        {
            problems.Add("TokenUse", $"TokenUse must be Access, Id or Any, not {(int)options.TokenUse}.");
        }

        if (options.RefreshInterval < TimeSpan.Zero || options.AutomaticRefreshInterval <= TimeSpan.Zero || options.ClockSkew < TimeSpan.Zero)
        {
            problems.Add("RefreshInterval", "RefreshInterval and ClockSkew cannot be negative, and AutomaticRefreshInterval must be positive.");
        }

        if (options.ClockSkew > TimeSpan.FromHours(1))
        {
            problems.Add("ClockSkew", $"ClockSkew {options.ClockSkew} is more than an hour: a token would be accepted that long after it expired.");
        }

        if (options.ValidationCacheSizeLimit < 0)
        {
            problems.Add("ValidationCacheSizeLimit", "ValidationCacheSizeLimit cannot be negative: it is the cache's memory in bytes; 0 turns the cache off.");
        }

        if (options.ValidationCacheMaxTokenSize <= 0)
        {
            problems.Add("ValidationCacheMaxTokenSize", "ValidationCacheMaxTokenSize must be more than 0: the longest token the cache remembers, in bytes.");
        }

        if (options.BackchannelTimeout <= TimeSpan.Zero)
        {
            problems.Add("BackchannelTimeout", "BackchannelTimeout must be positive.");
        }

        problems.CheckMaxResponseSize(options.BackchannelMaxResponseSize);
        CheckEvents(options, problems);

        if (options.QueryTokenPaths.Any(path => !path.HasValue || path.Value == "/"))
        {
            problems.Add("QueryTokenPaths", "QueryTokenPaths cannot hold an empty path or '/': it would accept a token in the URL of every request. Name the hub paths, for example /hubs/chat.");
        }

        return problems.ToResult(name, options.BoundFromSection);
    }

    private static void CheckManyPools(CognitoJwtBearerOptions options, ConfigurationProblems problems)
    {
        foreach (var issuer in options.Issuers)
        {
            if (string.IsNullOrWhiteSpace(issuer))
            {
                problems.Add("Issuers", "Issuers cannot hold an empty issuer.");
            }
            else
            {
                problems.CheckUrl("Issuers", issuer);
            }
        }

        if (options.PoolCacheSizeLimit < 1)
        {
            problems.Add("PoolCacheSizeLimit", "PoolCacheSizeLimit must be at least 1: the number of resolved user pools kept with their keys.");
        }

        if (options.PoolCacheDuration <= TimeSpan.Zero || options.PoolResolverTimeout <= TimeSpan.Zero)
        {
            problems.Add("PoolCacheDuration", "PoolCacheDuration and PoolResolverTimeout must be positive.");
        }
    }

    // The framework types Events as object: an application that sets JwtBearerEvents (or anything else) would otherwise
    // see its events silently never raised.
    private static void CheckEvents(CognitoJwtBearerOptions options, ConfigurationProblems problems)
    {
        if (((AuthenticationSchemeOptions)options).Events is { } events and not CognitoJwtBearerEvents)
        {
            problems.Add(
                "Events",
                $"Events is a {events.GetType().FullName}, which this handler never raises: set a CognitoJwtBearerEvents (OnMessageReceived, OnTokenValidated, OnAuthenticationFailed, OnChallenge, OnForbidden), or name a type derived from it in EventsType.");
        }

        if (options.EventsType is { } type && !typeof(CognitoJwtBearerEvents).IsAssignableFrom(type))
        {
            problems.Add("EventsType", $"EventsType is {type.FullName}, which does not derive from CognitoJwtBearerEvents.");
        }
    }
}
