namespace OAuth2Generic.Cognito;

/// <summary>What finding a request's tenant gave: its options, or why there are none.</summary>
/// <param name="TenantId">The tenant the request names, if it names one.</param>
/// <param name="Options">The tenant's options; null when the lookup failed.</param>
/// <param name="Unavailable">
/// Whether the failure is the application's (its resolver threw or was slow, or the tenant's settings are refused)
/// rather than the request's (it names no tenant, or one the resolver does not know).
/// </param>
internal sealed record TenantLookup(string? TenantId, CognitoOptions? Options, bool Unavailable)
{
    public static TenantLookup NotFound(string? tenantId) => new(tenantId, null, Unavailable: false);

    public static TenantLookup Failed(string tenantId) => new(tenantId, null, Unavailable: true);
}
