using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using OAuth2Generic.Cognito;

namespace OAuth2Generic.Benchmarks;

/// <summary>
/// The handlers compared, each set up for the same work as a user would write it: the same provider, scopes, PKCE and
/// claims.
/// </summary>
internal static class Schemes
{
    /// <summary>The provider's site in the in-memory benchmarks (the in-memory backchannel answers any host).</summary>
    public const string InMemorySite = "https://idp.example";

    /// <summary>
    /// OAuth2Generic with its defaults (the Ruby strategy's ten attributes and the id); <paramref name="configure"/>
    /// changes more options after these.
    /// </summary>
    public static void AddGeneric(AuthenticationBuilder builder, HttpMessageHandler backchannel, string site = InMemorySite, Action<OAuth2GenericOptions>? configure = null) =>
        builder.AddOAuth2Generic(SignInHost.Scheme, options =>
        {
            options.ClientId = ProviderDocuments.ClientId;
            options.ClientSecret = ProviderDocuments.ClientSecret;
            options.ClientOptions.Site = site;
            options.ClientOptions.UserInfoUrl = "/api/v4/user";
            options.Scope.Add("read_user");
            options.BackchannelHttpHandler = backchannel;
            configure?.Invoke(options);
        });

    /// <summary>
    /// Microsoft's <c>AddOAuth</c> as its documentation shows it: the user document fetched in <c>OnCreatingTicket</c>,
    /// claims by <c>ClaimActions</c> mapping the same id and ten attributes, PKCE on.
    /// </summary>
    public static void AddOAuthRecipe(AuthenticationBuilder builder, HttpMessageHandler backchannel, string site = InMemorySite) =>
        builder.AddOAuth(SignInHost.Scheme, options =>
        {
            options.ClientId = ProviderDocuments.ClientId;
            options.ClientSecret = ProviderDocuments.ClientSecret;
            options.AuthorizationEndpoint = site + "/oauth/authorize";
            options.TokenEndpoint = site + "/oauth/token";
            options.UserInformationEndpoint = site + "/api/v4/user";
            options.CallbackPath = "/signin-idp";
            options.UsePkce = true;
            options.Scope.Add("read_user");
            options.BackchannelHttpHandler = backchannel;
            MapLikeTheRubyDefaults(options.ClaimActions);
            options.Events.OnCreatingTicket = async context =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, context.Options.UserInformationEndpoint);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.AccessToken);
                using var response = await context.Backchannel.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.HttpContext.RequestAborted);
                response.EnsureSuccessStatusCode();
                using var user = JsonDocument.Parse(await response.Content.ReadAsStringAsync(context.HttpContext.RequestAborted));
                context.RunClaimActions(user.RootElement);
            };
        });

    /// <summary>
    /// Microsoft's <c>AddOpenIdConnect</c>, code flow, with Cognito-like metadata given statically (no discovery
    /// request), the id_token validated, and the user-info call on or off.
    /// </summary>
    public static void AddOpenIdConnect(AuthenticationBuilder builder, HttpMessageHandler backchannel, bool userInfo, string site = InMemorySite) =>
        builder.AddOpenIdConnect(SignInHost.Scheme, options =>
        {
            options.ClientId = ProviderDocuments.ClientId;
            options.ClientSecret = ProviderDocuments.ClientSecret;
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.ResponseMode = OpenIdConnectResponseMode.Query;
            options.CallbackPath = "/signin-idp";
            options.GetClaimsFromUserInfoEndpoint = userInfo;
            options.MapInboundClaims = false;
            options.BackchannelHttpHandler = backchannel;
            var configuration = new OpenIdConnectConfiguration
            {
                Issuer = SigningKey.Issuer,
                AuthorizationEndpoint = site + "/oauth2/authorize",
                TokenEndpoint = site + "/oauth2/token",
                UserInfoEndpoint = site + "/oauth2/userInfo",
            };
            configuration.SigningKeys.Add(SigningKey.Key);
            options.Configuration = configuration;
        });

    /// <summary>AddCognito, the id_token validated against the pool's JWKS, claims from it alone.</summary>
    public static void AddCognitoIdToken(AuthenticationBuilder builder, HttpMessageHandler backchannel, string site = InMemorySite) =>
        builder.AddCognito(SignInHost.Scheme, options =>
        {
            options.ClientId = ProviderDocuments.ClientId;
            options.ClientSecret = ProviderDocuments.ClientSecret;
            options.Domain = site;
            options.Issuer = SigningKey.Issuer;
            options.UserInformationSource = UserInformationSource.IdToken;
            options.BackchannelHttpHandler = backchannel;
        });

    /// <summary>
    /// AddOAuth2Generic with only an Authority (the endpoints and keys from its discovery document, fetched once, at the
    /// first sign-in), the id_token validated, claims from it alone.
    /// </summary>
    public static void AddGenericIdToken(AuthenticationBuilder builder, HttpMessageHandler backchannel) =>
        builder.AddOAuth2Generic(SignInHost.Scheme, options =>
        {
            options.ClientId = ProviderDocuments.ClientId;
            options.ClientSecret = ProviderDocuments.ClientSecret;
            options.Authority = SigningKey.Issuer;
            options.UserInformationSource = UserInformationSource.IdToken;
            options.BackchannelHttpHandler = backchannel;
        });

    /// <summary>ClaimActions that map what the Ruby strategy's default structure maps: the id and the ten info keys.</summary>
    public static void MapLikeTheRubyDefaults(Microsoft.AspNetCore.Authentication.OAuth.Claims.ClaimActionCollection actions)
    {
        actions.MapJsonKey(ClaimTypes.NameIdentifier, "id");
        actions.MapJsonKey(ClaimTypes.Name, "name");
        actions.MapJsonKey(ClaimTypes.Email, "email");
        actions.MapJsonKey(OAuth2GenericClaimTypes.Nickname, "nickname");
        actions.MapJsonKey(ClaimTypes.GivenName, "first_name");
        actions.MapJsonKey(ClaimTypes.Surname, "last_name");
        actions.MapJsonKey(ClaimTypes.Locality, "location");
        actions.MapJsonKey(OAuth2GenericClaimTypes.Description, "description");
        actions.MapJsonKey(OAuth2GenericClaimTypes.Image, "image");
        actions.MapJsonKey(ClaimTypes.MobilePhone, "phone");
        actions.MapJsonKey(OAuth2GenericClaimTypes.Urls, "urls");
    }
}
