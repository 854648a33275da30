using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OAuth2Generic.Cognito;

/// <summary>
/// The options of each tenant of the Cognito sign-in schemes that have a <see cref="CognitoOptions.TenantResolver"/>: the
/// scheme's own options made again through the whole options pipeline (the application's configuration and delegate,
/// every post-configuration, every validator), with the tenant's pool and app client set after the application's
/// delegate. Kept per scheme in a <see cref="BoundedCache{TValue}"/>. A singleton of the application's services.
/// </summary>
/// <remarks>
/// Made by the pipeline rather than copied, so that what the post-configuration derives from the domain (endpoints,
/// issuer, the provider client) is the tenant's, and a tenant whose settings are wrong is refused with the option's name,
/// as a scheme is at start-up.
/// </remarks>
/// <param name="services">The application's services, for the options pipeline (asked at the first tenant: the
/// post-configuration that hands this to the options is part of that pipeline).</param>
/// <param name="loggerFactory">For the log lines of the tenants.</param>
internal sealed class CognitoTenants(IServiceProvider services, ILoggerFactory loggerFactory)
{
    private readonly ConcurrentDictionary<string, BoundedCache<CognitoOptions>> _schemes = new(StringComparer.Ordinal);
    private readonly ILogger _logger = loggerFactory.CreateLogger<CognitoHandler>();

    /// <summary>The tenants kept for a scheme now; null before its first.</summary>
    public BoundedCache<CognitoOptions>? Of(string scheme) => _schemes.TryGetValue(scheme, out var cache) ? cache : null;

    /// <summary>The options of the tenant <paramref name="context"/> names.</summary>
    public async Task<TenantLookup> ForRequestAsync(string scheme, CognitoOptions schemeOptions, HttpContext context)
    {
        string? tenantId;
        try
        {
            tenantId = schemeOptions.TenantResolver!.GetTenantId(context);
        }
        catch (Exception exception)
        {
            _logger.ResolverFailed(scheme, nameof(CognitoTenantResolver), "(the request)", exception);
            return TenantLookup.Failed("(the request)");
        }

        if (string.IsNullOrEmpty(tenantId))
        {
            _logger.TenantNotFound(scheme, "(none)");
            return TenantLookup.NotFound(null);
        }

        return await ForTenantAsync(scheme, schemeOptions, tenantId, context.RequestAborted);
    }

    /// <summary>The options of the tenant <paramref name="tenantId"/>.</summary>
    public async Task<TenantLookup> ForTenantAsync(string scheme, CognitoOptions schemeOptions, string tenantId, CancellationToken cancellationToken)
    {
        var cache = _schemes.GetOrAdd(
            scheme,
            static (_, options) => new BoundedCache<CognitoOptions>(options.TenantCacheSizeLimit, options.TenantCacheDuration, options.TimeProvider ?? TimeProvider.System),
            schemeOptions);
        try
        {
            var options = await cache.GetAsync(
                tenantId, (Tenants: this, Scheme: scheme, Options: schemeOptions), static (id, previous, state) => state.Tenants.CreateAsync(state.Scheme, state.Options, id, previous), cancellationToken);
            return options is null ? TenantLookup.NotFound(tenantId) : new TenantLookup(tenantId, options, Unavailable: false);
        }
        catch (Exception exception) when (exception is ResolverFailure or OptionsValidationException)
        {
            // Logged where it happened, with what went wrong.
            return TenantLookup.Failed(tenantId);
        }
    }

    private async Task<CognitoOptions?> CreateAsync(string scheme, CognitoOptions schemeOptions, string tenantId, CognitoOptions? previous)
    {
        var time = schemeOptions.TimeProvider ?? TimeProvider.System;
        var resolver = schemeOptions.TenantResolver!;
        CognitoTenant? tenant;
        try
        {
            tenant = await ResolverCall.RunAsync(
                limit => resolver.FindAsync(tenantId, limit), tenantId, schemeOptions.TenantResolverTimeout, time, _logger, scheme, nameof(CognitoTenantResolver));
        }
        catch (ResolverFailure) when (previous is not null)
        {
            // Asked again because the settings had aged, and failed (logged): the tenant keeps the settings it had, rather
            // than its users losing their sign-in with the tenants' database.
            return previous;
        }

        if (tenant is null || tenant.Id != tenantId)
        {
            _logger.TenantNotFound(scheme, tenantId);
            return null;
        }

        var factory = new OptionsFactory<CognitoOptions>(
            [.. services.GetServices<IConfigureOptions<CognitoOptions>>(), new ConfigureNamedOptions<CognitoOptions>(scheme, options => UseTenant(options, tenant, schemeOptions))],
            services.GetServices<IPostConfigureOptions<CognitoOptions>>(),
            services.GetServices<IValidateOptions<CognitoOptions>>());
        try
        {
            var options = factory.Create(scheme);

            // The tenant's keys live and die with its options, bounded by the cache, not in the application-wide cache.
            options.SharedSigningKeys = null;
            return options;
        }
        catch (OptionsValidationException exception)
        {
            _logger.TenantSettingsRefused(scheme, tenantId, exception.Message);
            throw;
        }
    }

    // After the application's delegate, before the post-configuration: the tenant's pool and client in place of the
    // scheme's, and no resolver, so that the tenant's options are those of one pool.
    private static void UseTenant(CognitoOptions options, CognitoTenant tenant, CognitoOptions schemeOptions)
    {
        options.TenantResolver = null;
        options.Tenant = tenant;
        options.Domain = tenant.Domain;
        options.Region = tenant.Region;
        options.UserPoolId = tenant.UserPoolId;
        options.Issuer = tenant.Issuer;
        options.ClientId = tenant.ClientId;
        options.ClientSecret = tenant.ClientSecret!;
        if (tenant.ClientSecret is null)
        {
            // A public client: its id goes in the body, and PKCE protects the code.
            options.ClientOptions.AuthScheme = ClientAuthScheme.None;
        }

        // One connection pool for every tenant of the scheme, rather than one per tenant left to the garbage collector.
        options.BackchannelHttpHandler ??= schemeOptions.BackchannelHttpHandler;
    }
}
