using Microsoft.AspNetCore.Http;

namespace OAuth2Generic.Cognito;

/// <summary>
/// Tells an API scheme (<c>AddCognitoJwtBearer</c>) which user pools it trusts, by the issuer a token names, for an
/// application whose tenants each have their own pool and are added while it runs. Set it as
/// <see cref="CognitoJwtBearerOptions.PoolResolver"/>.
/// </summary>
/// <remarks>
/// <see cref="FindAsync"/> is asked once per issuer and its answer kept (<see cref="CognitoJwtBearerOptions.PoolCacheSizeLimit"/>
/// pools at most, each for <see cref="CognitoJwtBearerOptions.PoolCacheDuration"/>); a token whose issuer it does not
/// trust is refused before any key is fetched. An answer of null is not kept: keep <see cref="FindAsync"/> cheap for
/// issuers nobody trusts (a lookup by key), since anyone can send a token that names one.
/// </remarks>
public abstract class CognitoPoolResolver
{
    /// <summary>The pool that issues tokens as <paramref name="issuer"/>, or null when no tenant's pool does.</summary>
    /// <param name="issuer">The token's <c>iss</c>, as sent (not yet verified: the keys come from the answer).</param>
    /// <param name="cancellationToken">Fires when <see cref="CognitoJwtBearerOptions.PoolResolverTimeout"/> has passed.</param>
    /// <returns>The trusted pool, or null.</returns>
    public abstract ValueTask<CognitoTrustedPool?> FindAsync(string issuer, CancellationToken cancellationToken);

    /// <summary>
    /// Whether a token of <paramref name="pool"/> (verified) may be used for this request: a route that names a tenant
    /// refuses the tokens of every other tenant's pool. Default: every trusted pool, on every route. Called for each
    /// request, after routing; keep it cheap.
    /// </summary>
    /// <param name="pool">The token's pool, as <see cref="FindAsync"/> answered.</param>
    /// <param name="context">The request.</param>
    /// <returns>False to answer the request 401, as for a token of an untrusted pool.</returns>
    public virtual bool IsAllowed(CognitoTrustedPool pool, HttpContext context) => true;
}
