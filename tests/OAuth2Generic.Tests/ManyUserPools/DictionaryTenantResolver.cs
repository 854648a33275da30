using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests;

/// <summary>
/// An application's tenant resolver: the tenant is the first path segment under <c>/t/</c> (which the app moves into
/// the path base), its pool and app client come from a table, as they would from a database. <see cref="Behaviour"/>
/// makes the lookup fail.
/// </summary>
internal sealed class DictionaryTenantResolver : CognitoTenantResolver
{
    private int _lookups;

    public ConcurrentDictionary<string, CognitoTenant> Tenants { get; } = new(StringComparer.Ordinal);

    public Func<CancellationToken, Task>? Behaviour { get; set; }

    public int Lookups => Volatile.Read(ref _lookups);

    public override string? GetTenantId(HttpContext context) =>
        context.Request.PathBase.Value is { } pathBase && pathBase.StartsWith("/t/", StringComparison.Ordinal) ? pathBase[3..] : null;

    public override async ValueTask<CognitoTenant?> FindAsync(string tenantId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        if (Behaviour is { } behaviour)
        {
            await behaviour(cancellationToken);
        }

        return Tenants.TryGetValue(tenantId, out var tenant) ? tenant : null;
    }
}
