namespace OAuth2Generic.Cognito;

/// <summary>
/// One tenant's user pool and app client, as a <see cref="CognitoTenantResolver"/> answers: what a Cognito sign-in scheme
/// uses in place of its own <see cref="CognitoOptions.Domain"/>, <see cref="CognitoOptions.Region"/>,
/// <see cref="CognitoOptions.UserPoolId"/>, <see cref="CognitoOptions.Issuer"/>, client id and secret for the requests
/// of that tenant. Everything else (scopes, mapping, events, sign-out URL) is the scheme's.
/// </summary>
public sealed class CognitoTenant
{
    /// <summary>
    /// The application's name for the tenant (<see cref="CognitoTenantResolver.GetTenantId"/> answers it). It travels
    /// in the sign-in's protected state and in the principal, as <see cref="CognitoClaimTypes.Tenant"/>.
    /// </summary>
    public required string Id { get; init; }

    /// <summary>The pool's domain, as <see cref="CognitoOptions.Domain"/>: a base URL, or a prefix with <see cref="Region"/>.</summary>
    public required string Domain { get; init; }

    /// <summary>The pool's region, as <see cref="CognitoOptions.Region"/>.</summary>
    public string? Region { get; init; }

    /// <summary>The user pool id, as <see cref="CognitoOptions.UserPoolId"/>; with <see cref="Region"/>, the id_token is validated.</summary>
    public string? UserPoolId { get; init; }

    /// <summary>The id_token issuer, as <see cref="CognitoOptions.Issuer"/>; wins over the one made from the pool id.</summary>
    public string? Issuer { get; init; }

    /// <summary>The app client id.</summary>
    public required string ClientId { get; init; }

    /// <summary>The app client secret; null for a public client (PKCE).</summary>
    public string? ClientSecret { get; init; }
}
