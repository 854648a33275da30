using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests;

/// <summary>
/// The API side of <see cref="DictionaryTenantResolver"/>'s tenants: a token is trusted when its issuer is a tenant's
/// pool, and only on that tenant's routes (<c>/t/{tenant}/api/…</c>, whose tenant is the path base).
/// </summary>
internal sealed class TenantPoolResolver(DictionaryTenantResolver tenants) : CognitoPoolResolver
{
    public override ValueTask<CognitoTrustedPool?> FindAsync(string issuer, CancellationToken cancellationToken) =>
        ValueTask.FromResult(tenants.Tenants.Values.FirstOrDefault(tenant => tenant.Issuer == issuer) is { } tenant
            ? new CognitoTrustedPool { Issuer = issuer, TenantId = tenant.Id, ClientIds = [tenant.ClientId] }
            : null);

    public override bool IsAllowed(CognitoTrustedPool pool, HttpContext context) => tenants.GetTenantId(context) == pool.TenantId;
}
