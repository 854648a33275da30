using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace OAuth2Generic;

/// <summary>
/// Completes the options after the application's configuration: the callback path when none was set, the three
/// endpoints resolved from <see cref="OAuth2GenericOptions.ClientOptions"/>, and a backchannel that follows no redirects
/// and keeps no cookies.
/// Registered before the framework's <c>OAuthPostConfigureOptions</c>, so the backchannel handler is in place when
/// the framework builds the <see cref="HttpClient"/>.
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
/// <param name="metrics">The application's instruments, for the scheme's provider calls and callbacks.</param>
/// <param name="signingKeys">The application's signing keys of every provider, shared by its schemes.</param>
internal sealed class OAuth2GenericPostConfigureOptions<TOptions>(OAuth2GenericMetrics metrics, SigningKeyCache signingKeys) : IPostConfigureOptions<TOptions>
    where TOptions : OAuth2GenericOptions
{
    // OpenID Connect's names for the Ruby strategy's info keys whose default (a member of the same name) no OpenID
    // Connect provider sends (OpenID Connect Core §5.1); name, email and nickname are the same in both.
    private static readonly (string Key, string Claim)[] StandardClaims =
        [("first_name", "given_name"), ("last_name", "family_name"), ("phone", "phone_number"), ("image", "picture"), ("urls", "website")];

    public void PostConfigure(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Metrics = metrics;
        options.SharedSigningKeys ??= signingKeys;

        // The framework's post-configuration copies this into HttpClient.Timeout, which throws an exception that names
        // no option; report it here first, in the validator's words.
        if (options.BackchannelTimeout <= TimeSpan.Zero)
        {
            throw ConfigurationProblems.Exception<TOptions>(name, options.BoundFromSection, "BackchannelTimeout must be positive.");
        }

        if (!options.CallbackPath.HasValue && !string.IsNullOrEmpty(name))
        {
            options.CallbackPath = DefaultCallbackPath(name, options.RedirectUrl);
        }

        // With an Authority, an endpoint left unset comes from discovery rather than from the Ruby strategy's defaults.
        var client = options.ClientOptions;
        var discovers = !string.IsNullOrWhiteSpace(options.Authority);
        options.AuthorizationEndpoint = ResolveEndpoint(client.Site, client.AuthorizeUrl, options.AuthorizationEndpoint, discovers ? null : OAuth2GenericDefaults.AuthorizeUrl)!;
        options.TokenEndpoint = ResolveEndpoint(client.Site, client.TokenUrl, options.TokenEndpoint, discovers ? null : OAuth2GenericDefaults.TokenUrl)!;
        options.UserInformationEndpoint = ResolveEndpoint(client.Site, client.UserInfoUrl, options.UserInformationEndpoint, fallback: null)!;
        options.EndSessionEndpoint = ResolveEndpoint(client.Site, options.EndSessionEndpoint, current: null, fallback: null);
        options.RevocationEndpoint = ResolveEndpoint(client.Site, options.RevocationEndpoint, current: null, fallback: null);
        if (discovers)
        {
            ApplyOpenIdConnectDefaults(name, options);
        }
        else if (!options.SignedOutCallbackPath.HasValue && !string.IsNullOrEmpty(options.EndSessionEndpoint) && !string.IsNullOrEmpty(name))
        {
            options.SignedOutCallbackPath = new PathString("/signout-callback-" + name.ToLowerInvariant());
        }

        // Runs before the framework's post-configuration, which makes the backchannel from the handler when the
        // application gave no client of its own.
        options.BackchannelFromHandler = options.Backchannel is null;
        if (options.Backchannel is null && options.BackchannelHttpHandler is null)
        {
            options.BackchannelHttpHandler = new SocketsHttpHandler
            {
                // A redirect from a provider endpoint must never carry a code, secret or token to another host, nor let
                // another host supply the user's identity or the signing keys; a shared cookie jar would mix users'
                // backchannel calls.
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            };
        }
    }

    // A scheme with an Authority is an OpenID Connect client: openid in the scope, the user's id in sub, the standard
    // claims' names, and a signed-out callback; each only where the configuration left the Ruby strategy's default.
    private static void ApplyOpenIdConnectDefaults(string? name, TOptions options)
    {
        options.Configured = new ConfiguredEndpoints(
            NullIfEmpty(options.AuthorizationEndpoint), NullIfEmpty(options.TokenEndpoint), NullIfEmpty(options.UserInformationEndpoint), options.EndSessionEndpoint, options.RevocationEndpoint);
        if (options.Scope.Count == 0 && !options.AuthorizeParams.ContainsKey("scope"))
        {
            options.Scope.Add("openid");
            options.Scope.Add("profile");
        }

        var structure = options.UserResponseStructure;
        if (UserResponsePath.Relative("id").Equals(structure.IdPath) && structure.RootPath.Count == 0)
        {
            structure.IdPath = UserResponsePath.Absolute(["sub"]);
        }

        foreach (var (key, claim) in StandardClaims)
        {
            if (structure.Attributes.TryGetValue(key, out var path) && UserResponsePath.Relative(key).Equals(path))
            {
                structure.Attributes[key] = UserResponsePath.Relative(claim);
            }
        }

        if (!options.SignedOutCallbackPath.HasValue && !string.IsNullOrEmpty(name))
        {
            options.SignedOutCallbackPath = new PathString("/signout-callback-" + name.ToLowerInvariant());
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    // Where the callback reaches the app when the options leave it unset: the path of RedirectUrl (the Ruby strategy's
    // redirect_url normally names the app's own callback), else /signin-{scheme}, so schemes side by side never share
    // a callback (for the default scheme that is OAuth2GenericDefaults.CallbackPath).
    private static PathString DefaultCallbackPath(string scheme, string? redirectUrl) =>
        Uri.TryCreate(redirectUrl, UriKind.Absolute, out var redirectUri) && EndpointUrl.IsHttp(redirectUri)
            ? PathString.FromUriComponent(redirectUri)
            : new PathString("/signin-" + scheme.ToLowerInvariant());

    // ClientOptions wins; else an endpoint set directly is kept; else the Ruby strategy's default path under Site.
    // A URL that cannot be made absolute is left as it is, for the validator to report with the option's name.
    private static string? ResolveEndpoint(string? site, string? url, string? current, string? fallback)
    {
        var configured = url ?? (string.IsNullOrEmpty(current) ? fallback : null);
        return configured is null ? current : EndpointUrl.ResolveOrKeep(site, configured);
    }
}
