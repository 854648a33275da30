using Microsoft.Extensions.Logging;

namespace OAuth2Generic.Cognito;

/// <summary>The log lines of many user pools (event ids 130–139).</summary>
internal static partial class TenantLoggingExtensions
{
    // The resolver is the application's code: its exception is logged for the application's developers, as the
    // framework logs an exception of an event handler. Nothing of the tenant's settings (its client secret) is written.
    [LoggerMessage(130, LogLevel.Error, "Scheme {Scheme}: the application's {Resolver} failed for '{Key}'; the request is refused.", EventName = "ResolverFailed")]
    public static partial void ResolverFailed(this ILogger logger, string scheme, string resolver, string key, Exception exception);

    [LoggerMessage(131, LogLevel.Warning, "Scheme {Scheme}: the application's {Resolver} did not answer for '{Key}' within {Timeout}; the request is refused.", EventName = "ResolverTimedOut")]
    public static partial void ResolverTimedOut(this ILogger logger, string scheme, string resolver, string key, TimeSpan timeout);

    [LoggerMessage(132, LogLevel.Information, "Scheme {Scheme}: no tenant for this request ({Key}); the sign-in is refused.", EventName = "TenantNotFound")]
    public static partial void TenantNotFound(this ILogger logger, string scheme, string key);

    [LoggerMessage(133, LogLevel.Error, "Scheme {Scheme}: the settings of tenant '{Tenant}' are refused; its sign-ins fail until they are fixed. {Problems}", EventName = "TenantSettingsRefused")]
    public static partial void TenantSettingsRefused(this ILogger logger, string scheme, string tenant, string problems);

    [LoggerMessage(134, LogLevel.Warning, "Scheme {Scheme}: the callback is for tenant '{RequestTenant}', but the sign-in began for another tenant; refused.", EventName = "CallbackForOtherTenant")]
    public static partial void CallbackForOtherTenant(this ILogger logger, string scheme, string requestTenant);

    [LoggerMessage(135, LogLevel.Information, "Scheme {Scheme}: the cookie was issued for another tenant than this request's ('{RequestTenant}'); the request is not signed in.", EventName = "CookieOfOtherTenant")]
    public static partial void CookieOfOtherTenant(this ILogger logger, string scheme, string? requestTenant);

    [LoggerMessage(136, LogLevel.Warning, "Scheme {Scheme}: the application's CognitoPoolResolver answered issuer '{Answered}' for a token of another issuer; the token is refused.", EventName = "ResolverAnsweredOtherIssuer")]
    public static partial void ResolverAnsweredOtherIssuer(this ILogger logger, string scheme, string answered);
}
