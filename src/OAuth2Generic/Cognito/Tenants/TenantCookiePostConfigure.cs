using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OAuth2Generic.Cognito;

/// <summary>
/// Refuses, in every cookie scheme, a cookie signed in through one tenant of a many-tenant Cognito scheme on a request of
/// another tenant (<see cref="CognitoOptions.BindCookieToTenant"/>): that request is not signed in. The cookie itself
/// stays, so that the user is still signed in where it belongs (tenants by path share a host's cookies).
/// </summary>
/// <remarks>
/// Through the cookie's <c>OnValidatePrincipal</c>, as the refresh of saved tokens is; an application that replaces the
/// cookie's events object after start-up replaces this check too, and calls
/// <see cref="CognitoTenantCookieEvents.ValidatePrincipalAsync"/> from its own.
/// </remarks>
internal sealed class TenantCookiePostConfigure(IOptionsMonitor<CognitoOptions> schemes, ILoggerFactory loggerFactory)
    : IPostConfigureOptions<CookieAuthenticationOptions>
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<CognitoHandler>();

    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var events = options.Events;
        var applications = events.OnValidatePrincipal;
        events.OnValidatePrincipal = context => CognitoTenantCookieEvents.IsOtherTenants(context, schemes, _logger) ? Task.CompletedTask : applications(context);
    }
}
