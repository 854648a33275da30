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
public partial class CognitoHandler : OAuth2GenericHandler<CognitoOptions>, IAuthenticationSignOutHandler
{
    // Kept in the protected state between the challenge and the callback, and removed before the ticket is stored.
    private const string NonceKey = ".cognito.nonce";

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
    /// Signs the user out at Cognito: revokes the saved refresh token when <see cref="CognitoOptions.RevokeRefreshTokenOnSignOut"/>
    /// is on, then redirects to <c>{Domain}/logout?client_id=…&amp;logout_uri=…</c>, where <c>logout_uri</c> is
    /// <paramref name="properties"/>' <see cref="AuthenticationProperties.RedirectUri"/> or else
    /// <see cref="CognitoOptions.SignedOutRedirectUri"/>, made absolute. Sign the user out of the cookie scheme as well.
    /// </summary>
    /// <param name="properties">The sign-out's properties.</param>
    /// <returns>A task that completes when the redirect is set.</returns>
    public virtual async Task SignOutAsync(AuthenticationProperties? properties)
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
            await RevokeRefreshTokenAsync();
        }

        // Cognito's logout is not OpenID Connect RP-initiated logout: with logout_uri it ignores every other parameter,
        // and the URI must be registered as an allowed sign-out URL exactly.
        var logoutUri = AbsoluteLogoutUri(properties?.RedirectUri);
        if (logoutUri is null)
        {
            if (!string.IsNullOrEmpty(properties?.RedirectUri))
            {
                Logger.LogoutUriIgnored();
            }

            logoutUri = AbsoluteLogoutUri(Options.SignedOutRedirectUri)!;
        }

        var logoutUrl = QueryHelpers.AddQueryString(
            Options.LogoutEndpoint!,
            new Dictionary<string, string?> { ["client_id"] = Options.ClientId, ["logout_uri"] = logoutUri });
        Logger.LogoutRedirect(EndpointUrl.HostOf(Options.LogoutEndpoint!));
        Response.Redirect(logoutUrl);
    }

    // A path becomes a URL on this app: on RedirectUrl's origin when that is set (a fixed public host), else on the
    // request's (behind a proxy, with the forwarded headers applied). Anything else but an http(s) URL is refused.
    private string? AbsoluteLogoutUri(string? uri)
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

    /// <inheritdoc />
    private protected override void AddOwnAuthorizeParameters(AuthorizeRequest request, AuthenticationProperties properties)
    {
        if (Options.ValidatesIdToken)
        {
            var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            properties.Items[NonceKey] = nonce;
            request["nonce"] = nonce;
        }
    }

    /// <summary>
    /// The user document and its claims: with an issuer, the id_token is validated first (its payload is the document in
    /// <see cref="UserInformationSource.IdToken"/> mode); otherwise, or in <see cref="UserInformationSource.Both"/> mode,
    /// the userInfo answer is fetched and must be about the id_token's user. Cognito's claims complete the mapping.
    /// </summary>
    private protected override async Task<JsonDocument> MapUserAsync(
        ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens, bool atRefresh)
    {
        var idToken = Options.ValidatesIdToken ? await ValidateIdTokenAsync(properties, tokens, atRefresh) : null;
        JsonDocument? user = null;
        try
        {
            if (Options.UserInformationSource == UserInformationSource.IdToken)
            {
                // The payload is the user document itself (its own members are left out of the claims).
                user = idToken!;
                MapClaims(identity, user.RootElement, user.RootElement);
            }
            else
            {
                using var userInfo = await GetUserInformationAsync(tokens);
                CheckSameUser(idToken?.RootElement, userInfo.RootElement);
                user = MapUserInfo(identity, idToken?.RootElement, userInfo.RootElement);
            }

            return user;
        }
        catch
        {
            user?.Dispose();
            throw;
        }
        finally
        {
            if (!ReferenceEquals(user, idToken))
            {
                idToken?.Dispose();
            }
        }
    }

    // The userInfo answer, merged with the id_token's payload in Both mode, as the user document with its claims.
    private JsonDocument MapUserInfo(ClaimsIdentity identity, JsonElement? idToken, JsonElement userInfo)
    {
        JsonDocument user;
        try
        {
            user = CognitoUserDocument.Create(Options.UserInformationSource == UserInformationSource.Both ? idToken : null, userInfo);
        }
        catch (Exception exception) when (exception is not OAuth2GenericException)
        {
            throw OAuth2GenericException.ClaimsMappingFailed(exception);
        }

        try
        {
            MapClaims(identity, user.RootElement, idToken);
            return user;
        }
        catch
        {
            user.Dispose();
            throw;
        }
    }

    // The generic mapping, then Cognito's claims (verified contacts, attributes, groups, identity providers).
    private void MapClaims(ClaimsIdentity identity, JsonElement user, JsonElement? idToken)
    {
        try
        {
            UserResponseMapper.Map(user, Options.UserResponseStructure, ClaimsIssuer, identity);
            CognitoClaims.Complete(identity, user, idToken, Options, ClaimsIssuer, Logger);
            AddTenantClaims(identity);
        }
        catch (Exception exception) when (exception is not OAuth2GenericException)
        {
            throw OAuth2GenericException.ClaimsMappingFailed(exception);
        }
    }

    // An id_token of a refresh answer has no nonce to check (OpenID Connect Core §12.2).
    private Task<JsonDocument> ValidateIdTokenAsync(AuthenticationProperties properties, OAuthTokenResponse tokens, bool atRefresh)
    {
        var nonce = atRefresh ? CognitoIdTokenValidator.AtRefresh : properties.Items.Remove(NonceKey, out var sent) ? sent : null;
        return CognitoIdTokenValidator.ValidateAsync(IdTokenOf(tokens), nonce, Options, TimeProvider, Logger, Context.RequestAborted);
    }

    // With the id_token as the user document, or validated beside user info, the claims are rebuilt only from an answer
    // that has one: OpenID Connect Core §12.2 lets a refresh answer leave it out, and the claims then stay.
    private protected override bool CanMapRefreshedTokens(OAuthTokenResponse tokens) => !Options.ValidatesIdToken || IdTokenOf(tokens) is not null;

    // OpenID Connect Core §12.2: an id_token in a refresh answer is validated as at the sign-in (but for the nonce), and
    // names the session's user (sub, which AddCognito's claims map to NameIdentifier).
    private protected override async Task CheckRefreshedTokensAsync(OAuthTokenResponse tokens, ClaimsPrincipal principal)
    {
        if (!Options.ValidatesIdToken || IdTokenOf(tokens) is not { } idToken)
        {
            return;
        }

        using var payload = await CognitoIdTokenValidator.ValidateAsync(idToken, CognitoIdTokenValidator.AtRefresh, Options, TimeProvider, Logger, Context.RequestAborted);
        var subject = ProviderJson.StringMember(payload.RootElement, "sub");
        if (subject is null || subject != principal.FindFirst(ClaimTypes.NameIdentifier)?.Value)
        {
            throw new OAuth2GenericException(FailureStep.IdToken, "The id_token of the refresh answer is for another user (sub) than the session's.")
            {
                IdTokenCheck = "subject",
            };
        }
    }

    private static string? IdTokenOf(OAuthTokenResponse tokens) =>
        tokens.Response is { } response ? ProviderJson.StringMember(response.RootElement, "id_token") : null;

    // OpenID Connect Core §5.3.2: the userInfo answer's sub must be the id_token's, or the two describe different users.
    private static void CheckSameUser(JsonElement? idToken, JsonElement userInfo)
    {
        if (idToken is not { } token)
        {
            return;
        }

        var tokenSubject = ProviderJson.StringMember(token, "sub");
        if (tokenSubject is null || tokenSubject != ProviderJson.StringMember(userInfo, "sub"))
        {
            throw new OAuth2GenericException(
                FailureStep.UserInformation, "The userInfo endpoint's sub is not the id_token's: the two answers are not about the same user.");
        }
    }

    // RFC 7009 at Cognito's /oauth2/revoke: revoking the refresh token also ends the access and id tokens issued with it.
    // A failure is logged, and the sign-out goes on: the user asked to leave.
    private async Task RevokeRefreshTokenAsync()
    {
        if (Options.SignInScheme is not { } signInScheme)
        {
            return;
        }

        var signedIn = await Context.AuthenticateAsync(signInScheme);
        if (signedIn.Properties?.GetTokenValue("refresh_token") is not { Length: > 0 } refreshToken)
        {
            return;
        }

        var host = EndpointUrl.HostOf(Options.RevocationEndpoint!);
        try
        {
            await Options.TokenClient.RevokeAsync(Options.RevocationEndpoint!, refreshToken, Logger, Context.RequestAborted);
            Logger.RefreshTokenRevoked(host);
        }
        catch (OAuth2GenericException exception)
        {
            Logger.RefreshTokenRevocationFailed(host, exception.Reason, exception.Message);
        }
    }
}
