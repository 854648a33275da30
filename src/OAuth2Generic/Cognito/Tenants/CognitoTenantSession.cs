namespace OAuth2Generic.Cognito;

/// <summary>Where a sign-in of a many-tenant scheme keeps its tenant: in the protected state, then in the cookie.</summary>
internal static class CognitoTenantSession
{
    /// <summary>The properties' item: written at the challenge, checked at the callback, kept in the cookie.</summary>
    public const string TenantKey = ".cognito.tenant";
}
