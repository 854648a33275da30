using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The cookie check of many-tenant Cognito schemes (<see cref="CognitoOptions.BindCookieToTenant"/>), for an application
/// that sets its cookie's events after start-up (an <c>EventsType</c>, or events assigned in its own post-configuration)
/// and so replaces the check the package puts in place: call <see cref="ValidatePrincipalAsync"/> first from its
/// <c>OnValidatePrincipal</c>.
/// </summary>
public static class CognitoTenantCookieEvents
{
    /// <summary>
    /// Rejects the principal when the cookie was signed in through a tenant of a Cognito scheme that binds cookies to
    /// tenants, and the request is of another tenant (or of none).
    /// </summary>
    /// <param name="context">The cookie's validation context.</param>
    /// <returns>A completed task.</returns>
    public static Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = context.HttpContext.RequestServices;
        IsOtherTenants(
            context,
            services.GetRequiredService<IOptionsMonitor<CognitoOptions>>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<CognitoHandler>());
        return Task.CompletedTask;
    }

    /// <summary>Whether the cookie is another tenant's; rejected when it is.</summary>
    internal static bool IsOtherTenants(CookieValidatePrincipalContext context, IOptionsMonitor<CognitoOptions> schemes, ILogger logger)
    {
        var items = context.Properties.Items;
        if (!items.TryGetValue(CognitoTenantSession.TenantKey, out var tenantId) || tenantId is null
            || !items.TryGetValue(UserTokenRefresher.AuthSchemeKey, out var scheme) || scheme is null)
        {
            return false;
        }

        var options = schemes.Get(scheme);
        if (options.TenantResolver is not { } resolver || !options.BindCookieToTenant)
        {
            return false;
        }

        string? requestTenant;
        try
        {
            requestTenant = resolver.GetTenantId(context.HttpContext);
        }
        catch (Exception exception)
        {
            logger.ResolverFailed(scheme, nameof(CognitoTenantResolver), "(the request)", exception);
            requestTenant = null;
        }

        if (requestTenant == tenantId)
        {
            return false;
        }

        logger.CookieOfOtherTenant(scheme, requestTenant);
        context.RejectPrincipal();
        return true;
    }
}
