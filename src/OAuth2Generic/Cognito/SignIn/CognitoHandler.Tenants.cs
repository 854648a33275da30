using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace OAuth2Generic.Cognito;

// Many user pools with one scheme (CognitoOptions.TenantResolver): the challenge, the callback, the sign-out and a
// refresh each take the options of their tenant before they do anything else, and the tenant of the challenge is bound
// to the sign-in through the protected state.
public partial class CognitoHandler
{
    private readonly TenantOptionsMonitor _tenantOptions;

    /// <summary>
    /// The challenge, with the request's tenant's pool and app client when the scheme has a
    /// <see cref="CognitoOptions.TenantResolver"/>: a request that names no known tenant is answered 404, and one whose
    /// tenant cannot be had (the resolver failed or was slow, the tenant's settings are wrong) 503, with a short sentence.
    /// </summary>
    /// <param name="properties">The challenge's properties.</param>
    /// <returns>The redirect to the tenant's authorization endpoint, or the refusal.</returns>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        if (!await UseRequestTenantAsync())
        {
            return;
        }

        if (Options.Tenant is { } tenant)
        {
            properties.Items[CognitoTenantSession.TenantKey] = tenant.Id;
        }

        await base.HandleChallengeAsync(properties);
    }

    /// <inheritdoc />
    public override async Task<bool> HandleRequestAsync()
    {
        if (Options.TenantResolver is null || !await ShouldHandleRequestAsync())
        {
            return await base.HandleRequestAsync();
        }

        return !await UseRequestTenantAsync() || await base.HandleRequestAsync();
    }

    /// <summary>
    /// Refuses, before the code goes anywhere, a callback whose sign-in began for another tenant (a state of tenant A
    /// replayed at tenant B's callback); then exchanges the code at the tenant's token endpoint.
    /// </summary>
    /// <param name="context">The code and the state's properties.</param>
    /// <returns>The tokens, or a failure at <see cref="FailureStep.Callback"/>.</returns>
    protected override Task<OAuthTokenResponse> ExchangeCodeAsync(OAuthCodeExchangeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Options.Tenant is { } tenant
            && (!context.Properties.Items.TryGetValue(CognitoTenantSession.TenantKey, out var began) || began != tenant.Id))
        {
            Logger.CallbackForOtherTenant(Scheme.Name, tenant.Id);
            return Task.FromResult(OAuthTokenResponse.Failed(new OAuth2GenericException(
                FailureStep.Callback, "The sign-in began for another tenant than this callback's: the state is refused.")
            {
                Reason = OAuth2GenericFailureReasons.StateInvalid,
            }));
        }

        return base.ExchangeCodeAsync(context);
    }

    /// <inheritdoc />
    private protected override async Task PrepareRefreshAsync(AuthenticationProperties properties)
    {
        if (Options.TenantResolver is not null)
        {
            var options = await Options.ForSessionAsync(Scheme.Name, properties, Context.RequestAborted) as CognitoOptions
                ?? throw new OAuth2GenericException(FailureStep.TokenRefresh, "The settings of the session's tenant cannot be had now.")
                {
                    Reason = OAuth2GenericFailureReasons.ProviderUnreachable,
                };
            await UseOptionsAsync(options);
        }
    }

    // The tenant's own claims: its id, and the pool (issuer) the user came from, so that the application can tell whose
    // user this is without the cookie's properties.
    private void AddTenantClaims(ClaimsIdentity identity)
    {
        if (Options.Tenant is { } tenant)
        {
            identity.AddClaim(new Claim(CognitoClaimTypes.Tenant, tenant.Id, ClaimValueTypes.String, ClaimsIssuer));
            if (Options.EffectiveIssuer is { } issuer && !identity.HasClaim(claim => claim.Type == CognitoClaimTypes.UserPool))
            {
                identity.AddClaim(new Claim(CognitoClaimTypes.UserPool, issuer, ClaimValueTypes.String, ClaimsIssuer));
            }
        }
    }

    // Takes the options of the request's tenant when the scheme has a resolver; answers the request (and returns false)
    // when there is none to take.
    private async Task<bool> UseRequestTenantAsync()
    {
        if (Options.TenantResolver is null)
        {
            return true;
        }

        var tenants = Context.RequestServices.GetRequiredService<CognitoTenants>();
        var lookup = await tenants.ForRequestAsync(Scheme.Name, Options, Context);
        if (lookup.Options is { } options)
        {
            await UseOptionsAsync(options);
            return true;
        }

        var (status, text) = lookup.Unavailable
            ? (StatusCodes.Status503ServiceUnavailable, "Sign-in is not available at the moment. Please try again later.")
            : (StatusCodes.Status404NotFound, "Sign-in failed: this address belongs to no known organisation.");
        Response.StatusCode = status;
        Response.ContentType = "text/plain; charset=utf-8";
        await Response.WriteAsync(text, Context.RequestAborted);
        return false;
    }

    // The framework reads a handler's options only when it is initialized: initialized again, over the tenant's.
    private Task UseOptionsAsync(CognitoOptions options)
    {
        _tenantOptions.Tenant = options;
        return InitializeAsync(Scheme, Context);
    }
}
