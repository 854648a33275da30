using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OAuth2Generic.Cognito;

/// <summary>
/// Signs users in with an Amazon Cognito user pool's hosted UI (or straight through one of its identity providers),
/// validates the id_token, makes groups roles, and signs out through Cognito's logout endpoint.
/// </summary>
public partial class CognitoHandler : OAuth2GenericHandler<CognitoOptions>
{
    /// <summary>Creates the handler.</summary>
    /// <param name="options">The options monitor.</param>
    /// <param name="logger">The logger factory.</param>
    /// <param name="encoder">The URL encoder.</param>
    public CognitoHandler(IOptionsMonitor<CognitoOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : this(new TenantOptionsMonitor(options), logger, encoder)
    {
    }

    private CognitoHandler(TenantOptionsMonitor options, ILoggerFactory logger, UrlEncoder encoder)
        : base(options, logger, encoder) => _tenantOptions = options;

    /// <summary>
    /// Signs the user out at Cognito: revokes the saved refresh token when <see cref="OAuth2GenericOptions.RevokeRefreshTokenOnSignOut"/>
    /// is on, then redirects to <c>{Domain}/logout?client_id=…&amp;logout_uri=…</c>, where <c>logout_uri</c> is
    /// <paramref name="properties"/>' <see cref="AuthenticationProperties.RedirectUri"/> or else
    /// <see cref="CognitoOptions.SignedOutRedirectUri"/>, made absolute. Sign the user out of the cookie scheme as well.
    /// </summary>
    /// <param name="properties">The sign-out's properties.</param>
    /// <returns>A task that completes when the redirect is set.</returns>
    public override async Task SignOutAsync(AuthenticationProperties? properties)
    {
        if (ResolveTarget(Options.ForwardSignOut) is { } target)
        {
            await Context.SignOutAsync(target, properties);
            return;
        }

        if (!await UseRequestTenantAsync())
        {
            return;
        }

        if (Options.RevokeRefreshTokenOnSignOut)
        {
            await RevokeRefreshTokenAsync(await SignedInPropertiesAsync());
        }

        // Cognito's logout is not OpenID Connect RP-initiated logout: with logout_uri it ignores every other parameter,
        // and the URI must be registered as an allowed sign-out URL exactly.
        var logoutUri = AbsoluteUri(properties?.RedirectUri);
        if (logoutUri is null)
        {
            if (!string.IsNullOrEmpty(properties?.RedirectUri))
            {
                Logger.LogoutUriIgnored();
            }

            logoutUri = AbsoluteUri(Options.SignedOutRedirectUri)!;
        }

        var logoutUrl = QueryHelpers.AddQueryString(
            Options.LogoutEndpoint!,
            new Dictionary<string, string?> { ["client_id"] = Options.ClientId, ["logout_uri"] = logoutUri });
        Logger.LogoutRedirect(EndpointUrl.HostOf(Options.LogoutEndpoint!));
        Response.Redirect(logoutUrl);
    }

    /// <summary>
    /// Cognito's user document: its userInfo quirks straightened (string booleans, <c>identities</c> as a JSON string),
    /// merged with the validated id_token's payload in <see cref="UserInformationSource.Both"/> mode.
    /// </summary>
    private protected override JsonDocument UserDocument(JsonElement? idToken, JsonDocument userInfo)
    {
        try
        {
            return CognitoUserDocument.Create(idToken, userInfo.RootElement);
        }
        catch (Exception exception) when (exception is not OAuth2GenericException)
        {
            throw OAuth2GenericException.ClaimsMappingFailed(exception);
        }
    }

    /// <summary>
    /// Cognito's claims after the mapping: verified contacts, attributes, groups, identity providers; and, for a tenant of
    /// a many-tenant scheme, its tenant and pool.
    /// </summary>
    private protected override void CompleteClaims(ClaimsIdentity identity, JsonElement user, JsonElement? idToken)
    {
        CognitoClaims.Complete(identity, user, idToken, Options, ClaimsIssuer, Logger);
        AddTenantClaims(identity);
    }
}
