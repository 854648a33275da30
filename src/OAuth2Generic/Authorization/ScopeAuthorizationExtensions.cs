using OAuth2Generic;

namespace Microsoft.AspNetCore.Authorization;

/// <summary>Requires a bearer token's scopes in an authorization policy.</summary>
public static class ScopeAuthorizationExtensions
{
    /// <summary>
    /// Requires the token to grant one of the scopes, for example <c>policy.RequireScope("orders/read")</c>. A token
    /// without any of them is refused with 403 (<c>error="insufficient_scope"</c> from the Cognito access-token handler).
    /// </summary>
    /// <param name="builder">The policy builder.</param>
    /// <param name="scopes">The scopes, any one of which is enough.</param>
    /// <returns>The builder, for chaining.</returns>
    public static AuthorizationPolicyBuilder RequireScope(this AuthorizationPolicyBuilder builder, params string[] scopes)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.RequireAuthenticatedUser().AddRequirements(new ScopeRequirement(scopes));
    }
}
