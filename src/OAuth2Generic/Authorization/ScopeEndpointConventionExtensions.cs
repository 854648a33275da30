using Microsoft.AspNetCore.Authorization;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Requires a bearer token's scopes on an endpoint.</summary>
public static class ScopeEndpointConventionExtensions
{
    /// <summary>
    /// Requires an authenticated caller whose token grants one of the scopes, for example
    /// <c>app.MapGet("/orders", …).RequireScope("orders/read")</c>.
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint builder.</typeparam>
    /// <param name="builder">The endpoint or group.</param>
    /// <param name="scopes">The scopes, any one of which is enough.</param>
    /// <returns>The builder, for chaining.</returns>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, params string[] scopes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var policy = new AuthorizationPolicyBuilder().RequireScope(scopes).Build();
        return builder.RequireAuthorization(policy);
    }
}
