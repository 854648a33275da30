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
internal sealed class OAuth2GenericPostConfigureOptions<TOptions>(OAuth2GenericMetrics metrics) : IPostConfigureOptions<TOptions>
    where TOptions : OAuth2GenericOptions
{
    public void PostConfigure(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Metrics = metrics;

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

        var client = options.ClientOptions;
        options.AuthorizationEndpoint = ResolveEndpoint(client.Site, client.AuthorizeUrl, options.AuthorizationEndpoint, OAuth2GenericDefaults.AuthorizeUrl)!;
        options.TokenEndpoint = ResolveEndpoint(client.Site, client.TokenUrl, options.TokenEndpoint, OAuth2GenericDefaults.TokenUrl)!;
        options.UserInformationEndpoint = ResolveEndpoint(client.Site, client.UserInfoUrl, options.UserInformationEndpoint, fallback: null)!;

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
