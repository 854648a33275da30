using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;

namespace OAuth2Generic.Cognito;

/// <summary>
/// Options of the Amazon Cognito handler: the generic handler's options with Cognito's endpoints, scopes and claim
/// mapping as defaults, plus id_token validation, identity-provider selection and sign-out.
/// </summary>
/// <remarks>
/// The defaults are those of the GitLab recipe for Cognito: scope <c>openid profile email</c>, the id from
/// <c>sub</c>, name, nickname and email from <c>email</c>, Basic client authentication and PKCE. On top of them the
/// handler keeps every top-level attribute as a claim under its Cognito name, turns <c>email_verified</c> and
/// <c>phone_number_verified</c> into booleans, and, when the id_token is validated, makes its groups roles.
/// </remarks>
public class CognitoOptions : OAuth2GenericOptions
{
    private SigningKeys? _signingKeys;
    private IdTokenIssuer? _idTokenIssuer;

    /// <summary>Creates options with Cognito's defaults.</summary>
    public CognitoOptions()
    {
        foreach (var scope in CognitoDefaults.Scopes)
        {
            Scope.Add(scope);
        }

        var structure = UserResponseStructure;
        structure.IdPath = UserResponsePath.Absolute(["sub"]);

        // The GitLab recipe's mapping.
        structure.Attributes["name"] = UserResponsePath.Relative("email");
        structure.Attributes["nickname"] = UserResponsePath.Relative("email");
        structure.Attributes["email"] = UserResponsePath.Relative("email");

        // Beyond the recipe, where it maps to members Cognito never sends: Cognito's standard attributes (OIDC names).
        structure.Attributes["first_name"] = UserResponsePath.Relative("given_name");
        structure.Attributes["last_name"] = UserResponsePath.Relative("family_name");
        structure.Attributes["phone"] = UserResponsePath.Relative("phone_number");
        structure.Attributes["image"] = UserResponsePath.Relative("picture");
        structure.Attributes["urls"] = UserResponsePath.Relative("website");
    }

    /// <summary>
    /// The user pool's domain: a full base URL (<c>https://{prefix}.auth.{region}.amazoncognito.com</c> or a custom
    /// domain such as <c>https://auth.example.com</c>), or just the prefix together with <see cref="Region"/>. The
    /// authorize, token, userInfo, revocation and logout endpoints are derived from it; each can still be set on its own.
    /// </summary>
    public string? Domain { get; set; }

    /// <summary>The AWS region of the user pool, for example <c>us-east-1</c>.</summary>
    public string? Region { get; set; }

    /// <summary>
    /// The user pool id, <c>{region}_{id}</c> (for example <c>us-east-1_AbC123xyz</c>). With <see cref="Region"/> it
    /// gives the issuer <c>https://cognito-idp.{region}.amazonaws.com/{user pool id}</c> and turns on id_token validation.
    /// </summary>
    public string? UserPoolId { get; set; }

    /// <summary>
    /// The id_token issuer; wins over the one computed from <see cref="Region"/> and <see cref="UserPoolId"/>. When an
    /// issuer is known, a <c>nonce</c> is sent and the id_token is validated with the keys at
    /// <c>{Issuer}/.well-known/jwks.json</c>; a failure ends the sign-in. A user pool's issuer also stands for its other
    /// form: <c>https://issuer-cognito-idp.{region}.amazonaws.com/{user pool id}</c> (Cognito's multi-region issuer) for
    /// <c>https://cognito-idp.{region}.amazonaws.com/{user pool id}</c>, and back, with the same keys.
    /// </summary>
    public string? Issuer { get; set; }

    /// <summary>
    /// The <c>identity_provider</c> sent with every sign-in, to skip the hosted UI (<c>Google</c>, a SAML provider's
    /// name, …). A challenge overrides it with <see cref="CognitoChallengeProperties.IdentityProvider"/>.
    /// </summary>
    public string? IdentityProvider { get; set; }

    /// <summary>The <c>idp_identifier</c> sent with every sign-in; a challenge can override it.</summary>
    public string? IdpIdentifier { get; set; }

    /// <summary>The hosted UI's language (<c>lang</c>) for every sign-in; a challenge can override it.</summary>
    public string? Lang { get; set; }

    /// <summary>The <c>login_hint</c> sent with every sign-in; a challenge can override it.</summary>
    public string? LoginHint { get; set; }

    /// <summary>The <c>prompt</c> sent with every sign-in; a challenge can override it.</summary>
    public string? Prompt { get; set; }

    /// <summary>
    /// Whether <see cref="System.Security.Claims.ClaimTypes.Email"/> is issued only for a verified address
    /// (<c>email_verified</c> true). Default true: an unverified address still appears as the <c>email</c> claim, next
    /// to <c>email_verified</c> false, but never as the claim type applications use to recognise a user.
    /// </summary>
    public bool RequireVerifiedEmail { get; set; } = true;

    /// <summary>
    /// Whether <see cref="System.Security.Claims.ClaimTypes.MobilePhone"/> is issued only for a verified number
    /// (<c>phone_number_verified</c> true). Default true; the <c>phone_number</c> claim is kept either way.
    /// </summary>
    public bool RequireVerifiedPhoneNumber { get; set; } = true;

    /// <summary>
    /// The Cognito logout endpoint, absolute or relative to <see cref="Domain"/>. Default <c>{Domain}/logout</c>.
    /// </summary>
    public string? LogoutEndpoint { get; set; }

    /// <summary>
    /// Where Cognito sends the browser after sign-out (<c>logout_uri</c>) when the sign-out's
    /// <see cref="AuthenticationProperties.RedirectUri"/> is not set. A path is made absolute on the origin of
    /// <see cref="OAuth2GenericOptions.RedirectUrl"/> when that is set, else on the current request's scheme and host,
    /// with the path base. It must be registered as an allowed sign-out URL of the app client. Default <c>/</c>.
    /// </summary>
    public string SignedOutRedirectUri { get; set; } = "/";

    /// <summary>
    /// The application's answer, per request, to which tenant's user pool and app client a sign-in uses: for an
    /// application whose tenants each have their own pool, added while it runs. With a resolver, the scheme's own
    /// <see cref="Domain"/>, <see cref="Region"/>, <see cref="UserPoolId"/>, <see cref="Issuer"/>, client id and secret are
    /// left unset, and each tenant's come from <see cref="CognitoTenantResolver.FindAsync"/>; the tenant chosen at the
    /// challenge travels in the protected state, and a callback of another tenant is refused. See
    /// <see cref="BindCookieToTenant"/>.
    /// </summary>
    public CognitoTenantResolver? TenantResolver { get; set; }

    /// <summary>How many tenants' settings are kept (with their signing keys); the least recently used leaves first. Default 1,000.</summary>
    public int TenantCacheSizeLimit { get; set; } = 1000;

    /// <summary>How long a tenant's settings are used before <see cref="TenantResolver"/> is asked again. Default 10 minutes.</summary>
    public TimeSpan TenantCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long <see cref="TenantResolver"/> may take to answer; past it the request is refused (503). Default 5 seconds.</summary>
    public TimeSpan TenantResolverTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether a cookie signed in through one tenant is refused on the requests of another (by
    /// <see cref="CognitoTenantResolver.GetTenantId"/>): the request is then not signed in. Default true. Turn it off for
    /// an application whose users move between tenants with one sign-in, and check <see cref="CognitoClaimTypes.Tenant"/>
    /// yourself.
    /// </summary>
    public bool BindCookieToTenant { get; set; } = true;

    /// <summary>The tenant these options are for; null for a scheme's own options.</summary>
    internal CognitoTenant? Tenant { get; set; }

    /// <summary>The application's tenants of every scheme, set by the post-configuration.</summary>
    internal CognitoTenants? Tenants { get; set; }

    /// <summary>Whether an id_token is validated: true once an issuer is known (set, or computed at start-up).</summary>
    internal override bool ValidatesIdToken => !string.IsNullOrWhiteSpace(Issuer);

    /// <summary>The issuer as Cognito writes it in <c>iss</c>: without a trailing slash.</summary>
    internal string? EffectiveIssuer => ValidatesIdToken ? Issuer!.TrimEnd('/') : null;

    /// <summary>
    /// The user pool's signing keys, shared by the scheme's sign-ins; made at the first, when the backchannel and every
    /// post-configuration (the application's too) are in place.
    /// </summary>
    internal SigningKeys SigningKeys => _signingKeys ?? SigningKeyCache.Resolve(
        ref _signingKeys, SharedSigningKeys, EffectiveIssuer, () => ProviderBackchannel, AutomaticRefreshInterval, RefreshInterval);

    /// <inheritdoc />
    internal override string IdTokenSender => "Cognito";

    /// <summary>The user pool's issuer, in either of Cognito's forms (aws-jwt-verify 5 accepts both), and its keys.</summary>
    internal override ValueTask<IdTokenIssuer> IdTokenIssuerAsync(TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        // Kept while it is this pool's: options copied for another pool (another Issuer, other keys) make their own.
        var issuer = EffectiveIssuer!;
        var keys = SigningKeys;
        if (_idTokenIssuer is not { } kept || kept.Issuers[0] != issuer || !ReferenceEquals(kept.Keys, keys))
        {
            kept = new IdTokenIssuer(CognitoDomain.OtherIssuerForm(issuer) is { } other ? [issuer, other] : [issuer], keys, "Issuer, or Region and UserPoolId");
            _idTokenIssuer = kept;
        }

        return ValueTask.FromResult(kept);
    }

    /// <summary>The JSON types of the registered claims, before any key, as aws-jwt-verify checks them while it parses: the API's rules.</summary>
    internal override void CheckIdTokenShape(JsonElement payload)
    {
        if (CognitoClaimTypeRules.Check(payload) is { } wrong)
        {
            throw IdTokenValidator.Failure("claim_type", wrong.Details("id_token"));
        }
    }

    /// <summary>Cognito signs access tokens with the same keys; only an id token says who signed in.</summary>
    internal override void CheckIdTokenClaims(JsonElement claims)
    {
        var tokenUse = ProviderJson.StringMember(claims, "token_use");
        if (tokenUse != "id")
        {
            throw IdTokenValidator.Failure("token_use", $"The id_token has token_use '{ProviderText.Clean(tokenUse) ?? "(none)"}', not 'id'.");
        }
    }

    /// <inheritdoc />
    internal override async ValueTask<OAuth2GenericOptions?> ForSessionAsync(string scheme, AuthenticationProperties properties, CancellationToken cancellationToken)
    {
        if (TenantResolver is null)
        {
            return this;
        }

        // A session of a many-tenant scheme refreshes at its own tenant's pool, whichever request it arrives with.
        return properties.Items.TryGetValue(CognitoTenantSession.TenantKey, out var tenantId) && tenantId is not null && Tenants is not null
            ? (await Tenants.ForTenantAsync(scheme, this, tenantId, cancellationToken)).Options
            : null;
    }

    /// <inheritdoc />
    internal override IReadOnlyCollection<string> DefaultScopes => CognitoDefaults.Scopes;

    /// <inheritdoc />
    private protected override Predicate<ProviderAnswer>? ThrottlingAnswer => CognitoThrottling.IsRateExceeded;
}
