using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OAuth2Generic;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Calls an API as the signed-in user: <c>services.AddHttpClient("orders").AddUserAccessToken()</c> attaches the
/// user's access token, fresh, to every request of the client.
/// </summary>
public static class UserAccessTokenHttpClientBuilderExtensions
{
    /// <summary>
    /// Attaches the signed-in user's access token (saved with <c>SaveTokens</c>) as <c>Authorization: Bearer</c> to the
    /// requests of the client that go to its own origins (its <c>BaseAddress</c>, and
    /// <see cref="TokenHandlerOptions.AllowedOrigins"/>; see <see cref="TokenHandlerOptions.OtherOrigins"/> for the rest),
    /// refreshed first when it is due and the scheme has
    /// <see cref="OAuth2GenericOptions.RefreshSavedTokens"/> on; on a 401 from the API the token is refreshed once and the
    /// request sent once more. The client must be used while a request is handled (the user is the request's). With no
    /// token to send, <see cref="UserAccessTokenHandlerOptions.WhenUnavailable"/> decides: the call fails with a
    /// <see cref="UserAccessTokenUnavailableException"/> (the default), or goes without a token.
    /// </summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="configureOptions">The session's scheme, what to do without a token, and the origins; null for the defaults.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHttpClientBuilder AddUserAccessToken(this IHttpClientBuilder builder, Action<UserAccessTokenHandlerOptions>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddUserTokenRefresher();
        builder.Services.AddTokenHandlerOptions(builder.Name, configureOptions);

        var name = builder.Name;
        return builder.AddHttpMessageHandler(services =>
        {
            var options = services.GetRequiredService<IOptionsMonitor<UserAccessTokenHandlerOptions>>().Get(name);
            return new UserAccessTokenHandler(
                services.GetRequiredService<IHttpContextAccessor>(),
                services.GetRequiredService<UserTokenRefresher>(),
                options,
                TokenOrigins.For(name, options, services),
                services.GetRequiredService<ILoggerFactory>().CreateLogger("OAuth2Generic.UserAccessToken"));
        });
    }

    /// <summary>The refresher and its place in front of every cookie scheme's validation, once.</summary>
    internal static IServiceCollection AddUserTokenRefresher(this IServiceCollection services)
    {
        services.AddOAuth2GenericMetrics();
        services.TryAddSingleton<UserTokenRefresher>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<CookieAuthenticationOptions>, CookieRefreshPostConfigure>());
        return services;
    }
}
