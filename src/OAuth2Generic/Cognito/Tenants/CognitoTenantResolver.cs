using Microsoft.AspNetCore.Http;

namespace OAuth2Generic.Cognito;

/// <summary>
/// Tells a Cognito sign-in scheme which tenant's user pool and app client a request uses, for an application whose
/// tenants each have their own (added while it runs). Set it as <see cref="CognitoOptions.TenantResolver"/>.
/// </summary>
/// <remarks>
/// Two steps, so that the slow one is asked rarely: <see cref="GetTenantId"/> reads the request (its host, a path
/// segment, a header) on every challenge, callback, sign-out and cookie check; <see cref="FindAsync"/> may read a
/// database, and its answers are kept (<see cref="CognitoOptions.TenantCacheSizeLimit"/> tenants at most, each for
/// <see cref="CognitoOptions.TenantCacheDuration"/>). An answer of null is not kept: a tenant added a moment later signs
/// in at once.
/// </remarks>
public abstract class CognitoTenantResolver
{
    /// <summary>The tenant this request is for, or null when it names none.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The tenant's id, or null.</returns>
    public abstract string? GetTenantId(HttpContext context);

    /// <summary>The tenant's user pool and app client, or null when there is no such tenant.</summary>
    /// <param name="tenantId">What <see cref="GetTenantId"/> answered.</param>
    /// <param name="cancellationToken">Fires when <see cref="CognitoOptions.TenantResolverTimeout"/> has passed.</param>
    /// <returns>The tenant, whose <see cref="CognitoTenant.Id"/> must be <paramref name="tenantId"/>; or null.</returns>
    public abstract ValueTask<CognitoTenant?> FindAsync(string tenantId, CancellationToken cancellationToken);
}
