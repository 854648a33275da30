using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OAuth2Generic;

/// <summary>Registers the package's instruments once, whichever of its features the application adds first.</summary>
internal static class TelemetryServiceCollectionExtensions
{
    public static IServiceCollection AddOAuth2GenericMetrics(this IServiceCollection services)
    {
        // The host registers the meter factory already; a bare service collection (a test, a worker) gets it here.
        services.AddMetrics();
        services.TryAddSingleton<OAuth2GenericMetrics>();
        return services;
    }
}
