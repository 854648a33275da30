using Microsoft.AspNetCore.Authentication.OAuth;

namespace OAuth2Generic;

/// <summary>
/// Which of the two configured scopes the authorize request sends, <see cref="OAuthOptions.Scope"/> or a
/// <c>scope</c> in <see cref="OAuth2GenericOptions.AuthorizeParams"/>: one rule for the authorize URL and for the
/// start-up checks that depend on the scope (Cognito's <c>openid</c>).
/// </summary>
/// <remarks>
/// <c>Scope</c> wins, as in the Ruby strategy: omniauth-oauth2 merges its <c>scope</c> option over
/// <c>authorize_params</c> (<c>options.authorize_params.merge(options_for("authorize"))</c>), so a GitLab entry that has
/// both sends <c>scope</c>. A <c>Scope</c> left at the options' default (<see cref="OAuth2GenericOptions.DefaultScopes"/>:
/// none, or <c>AddCognito</c>'s <c>openid profile email</c>) gives way: an entry that names its scope only in
/// <c>authorize_params</c>, as GitLab's generic example does, sends that scope with <c>AddCognito</c> too.
/// </remarks>
internal static class AuthorizeScope
{
    /// <summary>Whether the <c>scope</c> in <see cref="OAuth2GenericOptions.AuthorizeParams"/> is the one sent.</summary>
    public static bool IsFromAuthorizeParams(OAuth2GenericOptions options) =>
        options.AuthorizeParams.ContainsKey(OAuthChallengeProperties.ScopeKey) && IsDefault(options);

    /// <summary>The scopes the authorize request asks for, before a challenge's own.</summary>
    public static IReadOnlyCollection<string> Requested(OAuth2GenericOptions options) =>
        IsFromAuthorizeParams(options)
            ? options.AuthorizeParams[OAuthChallengeProperties.ScopeKey].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : [.. options.Scope];

    private static bool IsDefault(OAuth2GenericOptions options) =>
        options.Scope.Count == options.DefaultScopes.Count && options.DefaultScopes.All(options.Scope.Contains);
}
