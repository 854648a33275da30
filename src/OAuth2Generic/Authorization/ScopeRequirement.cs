using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace OAuth2Generic;

/// <summary>
/// Requires the bearer token to grant one of <see cref="Scopes"/> (a <see cref="OAuth2GenericClaimTypes.Scope"/> claim),
/// as <c>aws-jwt-verify</c>'s <c>scope</c> option does: any one of them is enough. Made by <c>RequireScope</c>.
/// </summary>
/// <remarks>
/// A refusal leaves the scopes in the request's items, so that the access-token handler's 403 answer names them
/// (<c>WWW-Authenticate: Bearer error="insufficient_scope", scope="…"</c>, RFC 6750 §3.1).
/// </remarks>
public sealed class ScopeRequirement : AuthorizationHandler<ScopeRequirement>, IAuthorizationRequirement
{
    // The request's item in which a refusal leaves the scopes it wanted, for the bearer handler's 403.
    internal const string RequiredScopeItem = "OAuth2Generic.RequiredScope";

    /// <summary>Creates the requirement.</summary>
    /// <param name="scopes">The scopes, any one of which the token must grant; at least one.</param>
    public ScopeRequirement(IEnumerable<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        Scopes = [.. scopes];
        // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), which also keeps the 403's scope="…" a valid header.
        if (Scopes.Count == 0 || Scopes.Any(scope => scope.Length == 0 || scope.Any(c => c is < '\x21' or '"' or '\\' or > '\x7E')))
        {
            throw new ArgumentException("At least one scope is required, and a scope is printable ASCII without spaces, quotes or backslashes (RFC 6749 §3.3).", nameof(scopes));
        }
    }

    /// <summary>The scopes, any one of which the token must grant.</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <inheritdoc />
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        if (context.User.Claims.Any(claim => claim.Type == OAuth2GenericClaimTypes.Scope && requirement.Scopes.Contains(claim.Value)))
        {
            context.Succeed(requirement);
        }
        else if (context.Resource is HttpContext http)
        {
            http.Items[RequiredScopeItem] = string.Join(' ', requirement.Scopes);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override string ToString() => $"ScopeRequirement: one of the scopes {string.Join(' ', Scopes)}";
}
