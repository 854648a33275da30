using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Tests;

/// <summary>
/// An application's pool resolver over a table of tenants (issuer → tenant), as one over a database would be; a route
/// <c>/tenants/{tenant}/…</c> takes only the tokens of that tenant's pool. <see cref="Behaviour"/> makes it fail.
/// </summary>
internal sealed class DictionaryPoolResolver : CognitoPoolResolver
{
    private int _calls;

    public ConcurrentDictionary<string, string> TenantsByIssuer { get; } = new(StringComparer.Ordinal);

    /// <summary>Run before each answer: throw, or wait, as a failing database would.</summary>
    public Func<CancellationToken, Task>? Behaviour { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public override async ValueTask<CognitoTrustedPool?> FindAsync(string issuer, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (Behaviour is { } behaviour)
        {
            await behaviour(cancellationToken);
        }

        return TenantsByIssuer.TryGetValue(issuer, out var tenant) ? new CognitoTrustedPool { Issuer = issuer, TenantId = tenant } : null;
    }

    public override bool IsAllowed(CognitoTrustedPool pool, HttpContext context) =>
        context.GetRouteValue("tenant") is not string tenant || tenant == pool.TenantId;
}
