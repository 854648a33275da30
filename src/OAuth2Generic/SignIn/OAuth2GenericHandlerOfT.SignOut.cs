using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic;

// Sign-out at the provider: the refresh token revoked (RFC 7009) where the provider has a revocation endpoint, then
// OpenID Connect RP-Initiated Logout 1.0 at its end-session endpoint, and back through the signed-out callback.
public partial class OAuth2GenericHandler<TOptions> : IAuthenticationSignOutHandler
{
    /// <summary>
    /// Signs the user out at the provider: revokes the saved refresh token when
    /// <see cref="OAuth2GenericOptions.RevokeRefreshTokenOnSignOut"/> is on and there is a
    /// <see cref="OAuth2GenericOptions.RevocationEndpoint"/>, then redirects to the
    /// <see cref="OAuth2GenericOptions.EndSessionEndpoint"/> with <c>client_id</c>, <c>id_token_hint</c> (the saved
    /// id_token), <c>post_logout_redirect_uri</c> (the absolute <see cref="OAuth2GenericOptions.SignedOutCallbackPath"/>)
    /// and <c>state</c>, which brings the browser on to <paramref name="properties"/>'
    /// <see cref="AuthenticationProperties.RedirectUri"/> (default <c>/</c>). Sign the user out of the cookie scheme as well.
    /// </summary>
    /// <param name="properties">The sign-out's properties.</param>
    /// <returns>A task that completes when the redirect is set.</returns>
    /// <exception cref="InvalidOperationException">The scheme has no end-session endpoint.</exception>
    /// <exception cref="OAuth2GenericException">The discovery document could not be had.</exception>
    public virtual async Task SignOutAsync(AuthenticationProperties? properties)
    {
        if (ResolveTarget(Options.ForwardSignOut) is { } target)
        {
            await Context.SignOutAsync(target, properties);
            return;
        }

        await Options.DiscoverAsync(TimeProvider, Logger, Context.RequestAborted);
        if (string.IsNullOrEmpty(Options.EndSessionEndpoint) || !Options.SignedOutCallbackPath.HasValue)
        {
            throw new InvalidOperationException(
                $"Scheme '{Scheme.Name}' cannot sign out at the provider: it has no end-session endpoint. Set Authority (for a provider whose discovery document names an end_session_endpoint) or EndSessionEndpoint, or sign out of the cookie scheme alone.");
        }

        var signedIn = await SignedInPropertiesAsync();
        if (Options.RevokeRefreshTokenOnSignOut)
        {
            await RevokeRefreshTokenAsync(signedIn);
        }

        var parameters = new Dictionary<string, string?>
        {
            ["client_id"] = Options.ClientId,
            ["post_logout_redirect_uri"] = AbsoluteUri(Options.SignedOutCallbackPath),
            ["state"] = Options.StateDataFormat.Protect(new AuthenticationProperties { RedirectUri = properties?.RedirectUri ?? OriginalPathBase + "/" }),
        };
        if (signedIn?.GetTokenValue("id_token") is { Length: > 0 } idToken)
        {
            // RP-Initiated Logout §2: the provider ends the session the token names, without asking whom to sign out.
            parameters["id_token_hint"] = idToken;
        }

        Logger.EndSessionRedirect(EndpointUrl.HostOf(Options.EndSessionEndpoint));
        Response.Redirect(QueryHelpers.AddQueryString(Options.EndSessionEndpoint, parameters));
    }

    /// <summary>
    /// A path made a URL on this app: on <see cref="OAuth2GenericOptions.RedirectUrl"/>'s origin when that is set (a fixed
    /// public host), else on the request's (behind a proxy, with the forwarded headers applied); an absolute http(s) URL
    /// as it is; anything else null.
    /// </summary>
    private protected string? AbsoluteUri(string? uri)
    {
        if (string.IsNullOrEmpty(uri))
        {
            return null;
        }

        if (EndpointUrl.IsLocalPath(uri))
        {
            return Uri.TryCreate(Options.RedirectUrl, UriKind.Absolute, out var publicUrl)
                ? publicUrl.GetLeftPart(UriPartial.Authority) + OriginalPathBase + uri
                : BuildRedirectUri(uri);
        }

        return Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && EndpointUrl.IsHttp(absolute) ? uri : null;
    }

    /// <summary>The properties of the session being signed out (its saved tokens), from the sign-in scheme; null without one.</summary>
    private protected async Task<AuthenticationProperties?> SignedInPropertiesAsync() =>
        Options.SignInScheme is { } signInScheme ? (await Context.AuthenticateAsync(signInScheme)).Properties : null;

    /// <summary>
    /// RFC 7009 at <see cref="OAuth2GenericOptions.RevocationEndpoint"/>: revoking the refresh token also ends, at most
    /// providers, the tokens issued with it. A failure is logged, and the sign-out goes on: the user asked to leave.
    /// </summary>
    private protected async Task RevokeRefreshTokenAsync(AuthenticationProperties? signedIn)
    {
        if (string.IsNullOrEmpty(Options.RevocationEndpoint) || signedIn?.GetTokenValue("refresh_token") is not { Length: > 0 } refreshToken)
        {
            return;
        }

        var host = EndpointUrl.HostOf(Options.RevocationEndpoint);
        try
        {
            await Options.TokenClient.RevokeAsync(Options.RevocationEndpoint, refreshToken, Logger, Context.RequestAborted);
            Logger.RefreshTokenRevoked(host);
        }
        catch (OAuth2GenericException exception)
        {
            Logger.RefreshTokenRevocationFailed(host, exception.Reason, exception.Message);
        }
    }

    // Where the provider sends the browser after the end-session redirect: on to the sign-out's RedirectUri, carried in
    // the protected state; a missing or altered state goes to the app's root.
    private bool HandleSignedOutCallback()
    {
        var state = Request.Query["state"].ToString();
        var properties = string.IsNullOrEmpty(state) ? null : Options.StateDataFormat.Unprotect(state);
        if (properties?.RedirectUri is not { Length: > 0 } redirectUri)
        {
            Logger.SignedOutCallbackStateInvalid();
            redirectUri = OriginalPathBase + "/";
        }

        Response.Redirect(redirectUri);
        return true;
    }
}
